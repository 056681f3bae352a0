//! What the test crates share. Each crate uses part of it.
#![allow(dead_code)]

pub mod demo;
