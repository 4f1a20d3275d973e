//! The ground-truth files: one JSON per image and the corpus index.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use carta_core::schema::{DocumentType, FieldName};

use super::degrade::Level;
use super::layouts::Layout;

/// The ground truth of one image (`NNNN.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Truth {
    /// Zero-padded index, `0000`.
    pub id: String,
    /// Image file name, `0000.jpg`.
    pub image: String,
    /// Which document and side.
    pub layout: Layout,
    /// Degradation level.
    pub level: Level,
    /// The card was photographed rotated by about 180°.
    pub upside_down: bool,
    /// What Carta should report as `document_type`.
    pub document_type: DocumentType,
    /// The fields visible on this image, keyed by Carta's canonical names, with the values a
    /// perfect reading gives (dates ISO, names upper case as printed, codes alpha-3).
    pub fields: BTreeMap<FieldName, String>,
    /// The MRZ lines, `null` when this side has none.
    pub mrz: Option<Vec<String>>,
    /// Every text line drawn, in drawing (reading) order.
    pub lines: Vec<TruthLine>,
}

impl Truth {
    /// A perfect reading of the document: its lines with their boxes, as an OCR page.
    pub fn page(&self) -> carta_core::text::OcrPage {
        carta_core::text::OcrPage {
            lines: self
                .lines
                .iter()
                .map(|l| carta_core::text::OcrLine {
                    text: l.text.clone(),
                    bbox: Some(l.bbox.map(|v| v as f32)),
                    confidence: Some(1.0),
                    angle: None,
                })
                .collect(),
        }
    }
}

/// One drawn text line with its ink box in the pixels of the undistorted card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TruthLine {
    /// The characters.
    pub text: String,
    /// `[left, top, right, bottom]`.
    #[serde(rename = "box")]
    pub bbox: [i32; 4],
}

/// `index.json`: how the corpus was made and what it holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Index {
    /// `carta-corpus`.
    pub generator: String,
    /// The seed.
    pub seed: u64,
    /// Number of images.
    pub count: u32,
    /// The date the documents are valid on (`--today` for evaluation), ISO.
    pub as_of: String,
    /// One entry per image, in order.
    pub documents: Vec<IndexEntry>,
}

/// One image of the index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexEntry {
    /// `0000`.
    pub id: String,
    /// `0000.jpg`.
    pub image: String,
    /// `0000.json`.
    pub truth: String,
    /// Which document and side.
    pub layout: Layout,
    /// Degradation level.
    pub level: Level,
    /// Rotated by about 180°.
    pub upside_down: bool,
}
