//! Passwords for the CLI: never on the command line. From an environment variable, else a
//! prompt without echo on a terminal, else one line of standard input.

use crate::error::{Error, Result};
use std::io::{BufRead, IsTerminal};

pub fn read_password(env_var: &str, prompt: &str) -> Result<String> {
    // A set but empty variable is no password: never try it (it would count as a failed
    // login towards the lockout).
    if let Some(p) = std::env::var(env_var).ok().filter(|p| !p.is_empty()) {
        return Ok(p);
    }
    let password = if std::io::stdin().is_terminal() {
        rpassword::prompt_password(prompt)
            .map_err(|e| Error::auth(format!("cannot read the password: {e}")))?
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| Error::auth(format!("cannot read the password from stdin: {e}")))?;
        line.trim_end_matches(['\n', '\r']).to_string()
    };
    if password.is_empty() {
        return Err(Error::auth(format!(
            "no password given (set {env_var} or type it)"
        )));
    }
    Ok(password)
}
