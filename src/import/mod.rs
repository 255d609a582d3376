//! Importers: turn other formats into a site's content files.

pub mod cablegate;
pub mod frus;
