//! The clinic's visit types (SPEC §10): anyone may read the list, the front desk keeps it.
//! A retired type stays on the visits booked with it and can no longer be chosen.

use super::{Clinic, record};
use crate::domain::visit_type::VisitTypeInput;
use crate::domain::{Actor, VisitType, VisitTypeId, access};
use crate::error::{Error, Result};
use crate::store::visit_types as types;
use rusqlite::Connection;

impl Clinic {
    /// The visit types, those in use first; retired ones only when asked.
    pub fn visit_types(&self, retired_too: bool) -> Result<Vec<VisitType>> {
        let all = self.store.read(|tx| types::all(tx))?;
        Ok(all
            .into_iter()
            .filter(|t| retired_too || !t.retired)
            .collect())
    }

    /// The type a person named: its id, or its name in any case.
    pub fn visit_type(&self, named: &str) -> Result<VisitType> {
        self.store.read(|tx| resolve(tx, named))
    }

    pub fn add_visit_type(&self, actor: &Actor, input: &VisitTypeInput) -> Result<VisitType> {
        access::admin(actor)?;
        let fields = input.fields(None)?;
        let now = self.now();
        self.store.write(|tx| {
            if let Some(same) = types::by_name(tx, &fields.name)? {
                return Err(Error::conflict(format!(
                    "there is already a visit type called {}",
                    same.name
                )));
            }
            let id = types::insert(tx, &fields)?;
            record(
                tx,
                now,
                actor,
                "type_add",
                format!("visit type {id}"),
                format!("{}, {} minutes", fields.name, fields.minutes),
            )?;
            types::get(tx, id)
        })
    }

    /// Changes a type. Visits already booked keep the minutes they were booked with.
    pub fn edit_visit_type(
        &self,
        actor: &Actor,
        id: VisitTypeId,
        input: &VisitTypeInput,
    ) -> Result<VisitType> {
        access::admin(actor)?;
        let now = self.now();
        self.store.write(|tx| {
            let current = types::get(tx, id)?;
            let fields = input.fields(Some(&current))?;
            if let Some(same) = types::by_name(tx, &fields.name)?
                && same.id != id
            {
                return Err(Error::conflict(format!(
                    "there is already a visit type called {}",
                    same.name
                )));
            }
            types::update(tx, id, &fields)?;
            record(
                tx,
                now,
                actor,
                "type_edit",
                format!("visit type {id}"),
                format!("{}, {} minutes", fields.name, fields.minutes),
            )?;
            types::get(tx, id)
        })
    }

    /// Retires a type: it can no longer be chosen; visits booked with it keep it.
    pub fn retire_visit_type(&self, actor: &Actor, id: VisitTypeId) -> Result<VisitType> {
        access::admin(actor)?;
        let now = self.now();
        self.store.write(|tx| {
            let current = types::get(tx, id)?;
            if current.retired {
                return Err(Error::conflict(format!(
                    "{} is already retired",
                    current.name
                )));
            }
            types::retire(tx, id)?;
            record(
                tx,
                now,
                actor,
                "type_retire",
                format!("visit type {id}"),
                current.name,
            )?;
            types::get(tx, id)
        })
    }
}

/// The type `named`: its id, or its name in any case and with or without accents.
pub(super) fn resolve(conn: &Connection, named: &str) -> Result<VisitType> {
    let named = named.trim();
    let found = match named.parse::<i64>() {
        Ok(id) => Some(types::get(conn, VisitTypeId(id))?),
        Err(_) => types::by_name(conn, named)?,
    };
    found.ok_or_else(|| Error::not_found(format!("there is no visit type called {named:?}")))
}

/// The type with `id`, for a new booking or entry: a retired type is refused.
pub(super) fn in_use(conn: &Connection, id: VisitTypeId) -> Result<VisitType> {
    let t = types::get(conn, id)?;
    if t.retired {
        return Err(Error::conflict(format!(
            "{} is retired; choose another visit type",
            t.name
        )));
    }
    Ok(t)
}
