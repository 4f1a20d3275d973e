//! Scanned PDFs: the page images embedded in an image-only PDF are OCRed; a PDF with a text
//! layer gives its text straight to the parser. Sizes are checked before anything is
//! decompressed.

use image::RgbImage;

use crate::error::{CoreError, Result};
use crate::image::{self as img, ImageLimits};

/// Pages read from one PDF, at most this many.
pub const MAX_PAGES: usize = 16;
/// Text extracted from one page, at most this many bytes of decompressed content.
const MAX_CONTENT: usize = 4 << 20;

/// What one PDF page holds for the reader.
#[derive(Debug)]
pub enum PdfPage {
    /// The page's largest embedded image (a scan).
    Image(RgbImage),
    /// The page's text layer.
    Text(String),
}

/// Whether the bytes are a PDF.
pub fn is_pdf(bytes: &[u8]) -> bool {
    bytes.starts_with(b"%PDF-")
}

/// A PDF that cannot be read. The parser's own message is not passed on: it may quote the
/// document's bytes.
fn corrupt(_: &lopdf::Error) -> CoreError {
    CoreError::CorruptImage {
        reason: "PDF structure cannot be read".into(),
    }
}

/// Opens a PDF and returns, page by page, its text layer when it has one, else its largest
/// image. A PDF with neither is [`CoreError::EmptyPdf`].
pub fn pages(bytes: &[u8], limits: &ImageLimits) -> Result<Vec<PdfPage>> {
    if bytes.len() > limits.max_bytes {
        return Err(CoreError::InputTooLarge {
            limit: limits.max_bytes,
        });
    }
    let doc = lopdf::Document::load_mem(bytes).map_err(|e| corrupt(&e))?;
    let mut out = Vec::new();
    for (&number, &page_id) in doc.get_pages().iter().take(MAX_PAGES) {
        let text = doc
            .extract_text_with_limit(&[number], MAX_CONTENT)
            .unwrap_or_default();
        if text.chars().filter(|c| c.is_alphanumeric()).count() >= 8 {
            out.push(PdfPage::Text(text));
            continue;
        }
        let images = doc.get_page_images(page_id).unwrap_or_default();
        let Some(best) = images
            .iter()
            .max_by_key(|i| i.width.saturating_mul(i.height))
        else {
            continue;
        };
        out.push(PdfPage::Image(page_image(&doc, best, limits)?));
    }
    if out.is_empty() {
        return Err(CoreError::EmptyPdf);
    }
    Ok(out)
}

fn page_image(
    doc: &lopdf::Document,
    image: &lopdf::xobject::PdfImage<'_>,
    limits: &ImageLimits,
) -> Result<RgbImage> {
    let (w, h) = (
        u32::try_from(image.width).unwrap_or(0),
        u32::try_from(image.height).unwrap_or(0),
    );
    if w == 0 || h == 0 {
        return Err(CoreError::CorruptImage {
            reason: "PDF image without a size".into(),
        });
    }
    if u64::from(w) * u64::from(h) > limits.max_pixels || w > limits.max_side || h > limits.max_side
    {
        return Err(CoreError::ImageTooLarge {
            width: w,
            height: h,
            max_pixels: limits.max_pixels,
        });
    }
    let filters = image.filters.clone().unwrap_or_default();
    match filters.last().map(String::as_str) {
        // An embedded JPEG: the stream is the file.
        Some("DCTDecode") if filters.len() == 1 => img::decode(image.content, limits),
        Some("JPXDecode" | "JBIG2Decode" | "CCITTFaxDecode") => Err(CoreError::UnsupportedImage),
        _ => {
            let stream = doc
                .get_object(image.id)
                .and_then(lopdf::Object::as_stream)
                .map_err(|e| corrupt(&e))?;
            let channels: usize = match image.color_space.as_deref() {
                Some("DeviceGray" | "CalGray") => 1,
                Some("DeviceRGB" | "CalRGB") => 3,
                _ => return Err(CoreError::UnsupportedImage),
            };
            if image.bits_per_component != Some(8) {
                return Err(CoreError::UnsupportedImage);
            }
            let needed = w as usize * h as usize * channels;
            let raw = if filters.is_empty() {
                stream.content.clone()
            } else {
                stream
                    .decompressed_content_with_limit(needed)
                    .map_err(|e| corrupt(&e))?
            };
            if raw.len() < needed {
                return Err(CoreError::CorruptImage {
                    reason: "PDF image data shorter than its size".into(),
                });
            }
            let rgb: Vec<u8> = if channels == 3 {
                raw[..needed].to_vec()
            } else {
                raw[..needed].iter().flat_map(|&g| [g, g, g]).collect()
            };
            let rgb = RgbImage::from_raw(w, h, rgb).ok_or(CoreError::CorruptImage {
                reason: "PDF image data does not match its size".into(),
            })?;
            Ok(img::shrink(rgb, limits.work_side))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::content::{Content, Operation};
    use lopdf::{Document, Object, Stream, dictionary};

    /// A one-page PDF holding `image` (an XObject stream) and, optionally, text.
    fn pdf(image: Option<Stream>, text: Option<&str>) -> Vec<u8> {
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let font_id = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Courier",
        });
        let mut xobjects = lopdf::Dictionary::new();
        let mut ops = Vec::new();
        if let Some(stream) = image {
            let id = doc.add_object(stream);
            xobjects.set("Im0", id);
            ops.push(Operation::new("Do", vec!["Im0".into()]));
        }
        if let Some(t) = text {
            ops.push(Operation::new("BT", vec![]));
            ops.push(Operation::new("Tf", vec!["F1".into(), 12.into()]));
            ops.push(Operation::new("Td", vec![50.into(), 700.into()]));
            ops.push(Operation::new("Tj", vec![Object::string_literal(t)]));
            ops.push(Operation::new("ET", vec![]));
        }
        let content = doc.add_object(Stream::new(
            dictionary! {},
            Content { operations: ops }.encode().unwrap(),
        ));
        let page = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content,
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font_id }, "XObject" => xobjects },
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        });
        doc.objects.insert(
            pages_id,
            Object::Dictionary(
                dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
            ),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog);
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap();
        out
    }

    fn raw_rgb(w: i64, h: i64, data: Vec<u8>) -> Stream {
        Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Image", "Width" => w, "Height" => h,
                "ColorSpace" => "DeviceRGB", "BitsPerComponent" => 8,
            },
            data,
        )
    }

    #[test]
    fn image_only_pdf_gives_its_image() {
        let bytes = pdf(Some(raw_rgb(4, 2, vec![200; 24])), None);
        assert!(is_pdf(&bytes));
        let pages = pages(&bytes, &ImageLimits::default()).unwrap();
        match &pages[..] {
            [PdfPage::Image(img)] => assert_eq!(img.dimensions(), (4, 2)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn text_pdf_gives_its_text() {
        let bytes = pdf(None, Some("Nome: Mario Rossi"));
        match &pages(&bytes, &ImageLimits::default()).unwrap()[..] {
            [PdfPage::Text(t)] => assert!(t.contains("Mario Rossi"), "{t:?}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn bad_pdfs() {
        let l = ImageLimits::default();
        assert_eq!(
            pages(&pdf(None, None), &l).unwrap_err(),
            CoreError::EmptyPdf
        );
        let huge = pdf(Some(raw_rgb(30_000, 30_000, vec![0; 3])), None);
        assert!(matches!(
            pages(&huge, &l),
            Err(CoreError::ImageTooLarge { .. })
        ));
        let short = pdf(Some(raw_rgb(100, 100, vec![0; 3])), None);
        assert!(matches!(
            pages(&short, &l),
            Err(CoreError::CorruptImage { .. })
        ));
        assert!(matches!(
            pages(b"%PDF-1.5 garbage", &l),
            Err(CoreError::CorruptImage { .. })
        ));
    }
}
