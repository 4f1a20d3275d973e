//! Merge: one value per field from MRZ, visual zone and other sources.
