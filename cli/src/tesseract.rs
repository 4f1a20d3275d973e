//! Tesseract 5 as a comparison engine for `carta eval` and `carta scan --engine tesseract`: the
//! `tesseract` command's TSV output turned into an [`OcrPage`], so that its text goes through
//! exactly the same MRZ parser, visual-zone rules and scoring as Carta's own OCR.

use std::process::Command;

use carta_core::ocr::OcrEngine;
use carta_core::{CoreError, OcrLine, OcrPage};
use image::RgbImage;

/// Runs the `tesseract` command (Debian `tesseract-ocr`, languages eng+ita).
#[derive(Debug)]
pub struct Tesseract {
    langs: String,
}

impl Tesseract {
    /// Checks that the command exists.
    pub fn new() -> Result<Self, CoreError> {
        let ok = Command::new("tesseract")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        if !ok {
            return Err(CoreError::Ocr {
                reason: "the tesseract command is not installed (Debian: tesseract-ocr tesseract-ocr-ita)".into(),
            });
        }
        Ok(Tesseract {
            langs: "eng+ita".into(),
        })
    }
}

fn fail(what: &str) -> CoreError {
    CoreError::Ocr {
        reason: format!("tesseract: {what}"),
    }
}

/// A line being assembled: its (block, paragraph, line) key, the line, its words' confidences.
type Partial = ((u32, u32, u32), OcrLine, Vec<f32>);

/// Groups TSV words (level 5) by block, paragraph and line.
fn page_from_tsv(tsv: &str) -> OcrPage {
    let mut lines: Vec<Partial> = Vec::new();
    for row in tsv.lines().skip(1) {
        let cols: Vec<&str> = row.split('\t').collect();
        if cols.len() < 12 || cols[0] != "5" {
            continue;
        }
        let num = |i: usize| cols[i].parse::<f32>().unwrap_or(0.0);
        let word = cols[11].trim();
        if word.is_empty() {
            continue;
        }
        let key = (num(2) as u32, num(3) as u32, num(4) as u32);
        let b = [num(6), num(7), num(6) + num(8), num(7) + num(9)];
        match lines.iter_mut().find(|(k, _, _)| *k == key) {
            Some((_, line, confs)) => {
                line.text.push(' ');
                line.text.push_str(word);
                if let Some(lb) = line.bbox.as_mut() {
                    *lb = [
                        lb[0].min(b[0]),
                        lb[1].min(b[1]),
                        lb[2].max(b[2]),
                        lb[3].max(b[3]),
                    ];
                }
                confs.push(num(10));
            }
            None => lines.push((
                key,
                OcrLine {
                    text: word.to_string(),
                    bbox: Some(b),
                    confidence: None,
                    angle: None,
                },
                vec![num(10)],
            )),
        }
    }
    OcrPage {
        lines: lines
            .into_iter()
            .map(|(_, mut line, confs)| {
                let mean = confs.iter().sum::<f32>() / confs.len().max(1) as f32;
                line.confidence = Some((mean / 100.0).clamp(0.0, 1.0));
                line
            })
            .collect(),
    }
}

impl OcrEngine for Tesseract {
    fn name(&self) -> String {
        format!("tesseract/{}", self.langs)
    }

    fn read(&self, image: &RgbImage) -> Result<OcrPage, CoreError> {
        let dir = std::env::temp_dir().join(format!("carta-tess-{}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|_| fail("cannot create a temporary folder"))?;
        let path = dir.join("page.png");
        image
            .save(&path)
            .map_err(|_| fail("cannot write the temporary image"))?;
        let out = Command::new("tesseract")
            .arg(&path)
            .arg("stdout")
            .args(["-l", &self.langs, "tsv"])
            .env("OMP_THREAD_LIMIT", "1")
            .output()
            .map_err(|_| fail("cannot run the command"));
        let _ = std::fs::remove_file(&path);
        let out = out?;
        if !out.status.success() {
            return Err(fail("the command failed"));
        }
        Ok(page_from_tsv(&String::from_utf8_lossy(&out.stdout)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_words_become_lines() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                   5\t1\t1\t1\t1\t1\t10\t10\t40\t12\t90\tNOME\n\
                   5\t1\t1\t1\t1\t2\t60\t10\t40\t12\t70\tMARIO\n\
                   5\t1\t1\t1\t2\t1\t10\t30\t40\t12\t80\tROSSI\n";
        let page = page_from_tsv(tsv);
        assert_eq!(page.lines.len(), 2);
        assert_eq!(page.lines[0].text, "NOME MARIO");
        assert_eq!(page.lines[0].bbox, Some([10.0, 10.0, 100.0, 22.0]));
        assert!((page.lines[0].confidence.unwrap() - 0.8).abs() < 1e-6);
    }
}
