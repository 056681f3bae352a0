//! Password hashing: argon2id with the RustCrypto defaults (m = 19 MiB, t = 2, p = 1), stored as
//! a PHC string.
//!
//! Verifying reuses one 19 MiB work area per thread instead of allocating a fresh one for every
//! sign-in: the allocator kept each freed block, and a front-desk terminal signing in all day
//! grew by about 20 MB a sign-in (SPEC §8 wants memory flat).

use crate::error::{Error, Result};
use argon2::password_hash::PasswordHasher;
use argon2::password_hash::phc::{Output, PasswordHash};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use std::cell::RefCell;

/// A real argon2id PHC string with the default parameters that no account has: checking a
/// password against it costs exactly what checking a real one costs, so an unknown or a locked
/// username cannot be told from a wrong password by timing. A constant, so the cost is the same
/// in the first call of a fresh process too.
const DUMMY_PHC: &str = "$argon2id$v=19$m=19456,t=2,p=1$nFd4UuHHwaglTfIheLpTig$BDCXPyv+XtCJmA6PHVbsE5ZYW318jESsPkMW0JaMdyE";

thread_local! {
    /// The work area of [`verify`], grown to the largest parameters seen and kept.
    static WORK: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

pub fn hash(password: &str) -> Result<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| Error::internal(format!("cannot hash the password: {e}")))
}

/// True when `password` matches the stored PHC string.
pub fn verify(password: &str, phc: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (&parsed.salt, &parsed.hash) else {
        return false;
    };
    let Ok(params) = Params::try_from(&parsed) else {
        return false;
    };
    let Ok(algorithm) = Algorithm::try_from(parsed.algorithm.as_str()) else {
        return false;
    };
    let version = match parsed.version.map(Version::try_from) {
        None => Version::default(),
        Some(Ok(v)) => v,
        Some(Err(_)) => return false,
    };
    let blocks = params.block_count();
    let mut out = vec![0u8; expected.len()];
    let argon = Argon2::new(algorithm, version, params);
    let hashed = WORK.with(|work| {
        let mut work = work.borrow_mut();
        if work.len() < blocks {
            work.resize(blocks, Block::default());
        }
        argon.hash_password_into_with_memory(
            password.as_bytes(),
            salt.as_ref(),
            &mut out,
            &mut work[..blocks],
        )
    });
    // `Output`'s equality is constant-time.
    hashed.is_ok() && Output::new(&out).is_ok_and(|computed| computed == *expected)
}

/// Spends the same time as a real check, so an unknown username cannot be told apart from a
/// wrong password by timing.
pub fn verify_dummy(password: &str) {
    let _ = verify(password, DUMMY_PHC);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_phc_strings_that_verify() {
        let h = hash("correct horse").unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify("correct horse", &h));
        assert!(!verify("wrong horse", &h));
        assert!(!verify("x", "garbage"));
    }

    #[test]
    fn the_dummy_has_the_default_parameters_so_it_costs_the_same() {
        let real = hash("whatever").unwrap();
        let params = |phc: &str| phc.split('$').take(4).collect::<Vec<_>>().join("$");
        assert_eq!(params(DUMMY_PHC), params(&real));
        assert!(PasswordHash::new(DUMMY_PHC).is_ok());
        assert!(!verify("not-the-dummy", DUMMY_PHC));
    }

    #[test]
    fn verifying_agrees_with_the_crate_own_verifier() {
        use argon2::password_hash::PasswordVerifier;
        let h = hash("s3cret-passw0rd").unwrap();
        let parsed = PasswordHash::new(&h).unwrap();
        for candidate in ["s3cret-passw0rd", "s3cret-passw0rd ", ""] {
            assert_eq!(
                verify(candidate, &h),
                Argon2::default()
                    .verify_password(candidate.as_bytes(), &parsed)
                    .is_ok(),
                "{candidate:?}"
            );
        }
    }
}
