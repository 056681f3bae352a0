//! `clinic types …` (SPEC §10): the clinic's visit types.

use super::args::TypesAction;
use super::output::{emit, table};
use crate::domain::visit_type::VisitTypeInput;
use crate::domain::{Actor, VisitType, VisitTypeId};
use crate::error::Result;
use crate::service::Clinic;

pub fn types(
    clinic: &Clinic,
    all: bool,
    action: Option<TypesAction>,
    json: bool,
    actor: impl FnOnce() -> Result<Actor>,
) -> Result<()> {
    let changed = match action {
        None => {
            let list = clinic.visit_types(all)?;
            emit(json, &list, |l| listing(l));
            return Ok(());
        }
        Some(TypesAction::Add {
            name,
            minutes,
            fee,
            description,
        }) => clinic.add_visit_type(
            &actor()?,
            &VisitTypeInput {
                name: Some(name),
                minutes: Some(minutes),
                fee,
                description,
            },
        )?,
        Some(TypesAction::Edit {
            id,
            name,
            minutes,
            fee,
            description,
        }) => clinic.edit_visit_type(
            &actor()?,
            VisitTypeId(id),
            &VisitTypeInput {
                name,
                minutes,
                fee,
                description,
            },
        )?,
        Some(TypesAction::Retire { id }) => clinic.retire_visit_type(&actor()?, VisitTypeId(id))?,
    };
    emit(json, &changed, |t| listing(std::slice::from_ref(t)));
    Ok(())
}

fn listing(list: &[VisitType]) -> String {
    table(
        &["ID", "NAME", "MINUTES", "FEE", "DESCRIPTION"],
        list.iter()
            .map(|t| {
                vec![
                    t.id.to_string(),
                    if t.retired {
                        format!("{} (retired)", t.name)
                    } else {
                        t.name.clone()
                    },
                    t.minutes.to_string(),
                    t.fee.map(|f| f.to_string()).unwrap_or_else(|| "-".into()),
                    t.description.clone().unwrap_or_default(),
                ]
            })
            .collect(),
    )
}
