//! Image input: encoded photos (JPEG, PNG, WebP) and raw camera frames, decoded under limits
//! that are checked before any pixel buffer is allocated, turned upright by their EXIF
//! orientation and scaled down to what OCR needs.

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, RgbImage};

use crate::error::{CoreError, Result};

/// Limits applied before decoding allocates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageLimits {
    /// Largest encoded input, in bytes.
    pub max_bytes: usize,
    /// Largest decoded image, in pixels (width × height).
    pub max_pixels: u64,
    /// Largest width or height, in pixels.
    pub max_side: u32,
    /// Images whose longer side exceeds this are scaled down after decoding (OCR gains nothing
    /// from more).
    pub work_side: u32,
}

impl Default for ImageLimits {
    fn default() -> Self {
        ImageLimits {
            max_bytes: 32 << 20,
            max_pixels: 40_000_000,
            max_side: 12_000,
            work_side: 2_048,
        }
    }
}

/// The layout of a raw camera frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameFormat {
    /// 8-bit R, G, B, A.
    Rgba,
    /// 8-bit B, G, R, A (iOS `kCVPixelFormatType_32BGRA`).
    Bgra,
    /// Y plane, then interleaved V/U at half resolution (Android camera default).
    Nv21,
    /// Y plane, then interleaved U/V at half resolution.
    Nv12,
}

/// A raw camera frame as the platform hands it over.
#[derive(Debug, Clone, Copy)]
pub struct Frame<'a> {
    /// Pixel data.
    pub data: &'a [u8],
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Bytes per row of the first plane (at least the row's width in bytes).
    pub stride: u32,
    /// Pixel layout.
    pub format: FrameFormat,
}

fn check_size(width: u32, height: u32, limits: &ImageLimits) -> Result<()> {
    if width == 0 || height == 0 {
        return Err(CoreError::CorruptImage {
            reason: "image has no pixels".into(),
        });
    }
    if width > limits.max_side
        || height > limits.max_side
        || u64::from(width) * u64::from(height) > limits.max_pixels
    {
        return Err(CoreError::ImageTooLarge {
            width,
            height,
            max_pixels: limits.max_pixels,
        });
    }
    Ok(())
}

fn corrupt(e: &image::ImageError) -> CoreError {
    match e {
        image::ImageError::Limits(_) => CoreError::ImageTooLarge {
            width: 0,
            height: 0,
            max_pixels: 0,
        },
        image::ImageError::Unsupported(_) => CoreError::UnsupportedImage,
        // The decoders describe the byte stream (truncated, bad marker), never its meaning.
        other => CoreError::CorruptImage {
            reason: other.to_string(),
        },
    }
}

/// Decodes a JPEG, PNG or WebP photo: size limits from the header before any allocation, EXIF
/// orientation applied, scaled down to [`ImageLimits::work_side`].
pub fn decode(bytes: &[u8], limits: &ImageLimits) -> Result<RgbImage> {
    if bytes.is_empty() {
        return Err(CoreError::EmptyInput);
    }
    if bytes.len() > limits.max_bytes {
        return Err(CoreError::InputTooLarge {
            limit: limits.max_bytes,
        });
    }
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| CoreError::UnsupportedImage)?;
    if !matches!(
        reader.format(),
        Some(ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)
    ) {
        return Err(CoreError::UnsupportedImage);
    }
    let mut reader = reader;
    let mut decoder_limits = image::Limits::default();
    decoder_limits.max_image_width = Some(limits.max_side);
    decoder_limits.max_image_height = Some(limits.max_side);
    // RGBA 16-bit is the widest buffer a decoder makes: 8 bytes per pixel.
    decoder_limits.max_alloc = Some(limits.max_pixels.saturating_mul(8));
    reader.limits(decoder_limits);
    let mut decoder = reader.into_decoder().map_err(|e| corrupt(&e))?;
    let (width, height) = decoder.dimensions();
    check_size(width, height, limits)?;
    let orientation = decoder.orientation().map_err(|e| corrupt(&e))?;
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| corrupt(&e))?;
    img.apply_orientation(orientation);
    Ok(shrink(img.into_rgb8(), limits.work_side))
}

/// Converts a raw camera frame to RGB after checking its size and buffer length.
pub fn from_frame(frame: &Frame<'_>, limits: &ImageLimits) -> Result<RgbImage> {
    let (w, h) = (frame.width, frame.height);
    check_size(w, h, limits)?;
    let (wu, hu, stride) = (w as usize, h as usize, frame.stride as usize);
    let short = |needed: usize| CoreError::InvalidFrame {
        reason: if frame.data.len() < needed {
            "buffer shorter than width, height and stride require"
        } else {
            "stride smaller than a row"
        },
    };
    let mut out = RgbImage::new(w, h);
    match frame.format {
        FrameFormat::Rgba | FrameFormat::Bgra => {
            let needed = stride * (hu - 1) + wu * 4;
            if stride < wu * 4 || frame.data.len() < needed {
                return Err(short(needed));
            }
            let (r, b) = if frame.format == FrameFormat::Rgba {
                (0, 2)
            } else {
                (2, 0)
            };
            for (y, row) in out.rows_mut().enumerate() {
                let src = &frame.data[y * stride..][..wu * 4];
                for (px, s) in row.zip(src.chunks_exact(4)) {
                    px.0 = [s[r], s[1], s[b]];
                }
            }
        }
        FrameFormat::Nv21 | FrameFormat::Nv12 => {
            let chroma_rows = hu.div_ceil(2);
            let row_bytes = wu.div_ceil(2) * 2;
            let needed = stride * hu + stride * (chroma_rows - 1) + row_bytes;
            if stride < row_bytes.max(wu) || frame.data.len() < needed {
                return Err(short(needed));
            }
            let (y_plane, uv_plane) = frame.data.split_at(stride * hu);
            let (u_at, v_at) = if frame.format == FrameFormat::Nv12 {
                (0, 1)
            } else {
                (1, 0)
            };
            for (y, row) in out.rows_mut().enumerate() {
                let uv_row = &uv_plane[(y / 2) * stride..];
                for (x, px) in row.enumerate() {
                    let luma = f32::from(y_plane[y * stride + x]);
                    let u = f32::from(uv_row[(x / 2) * 2 + u_at]) - 128.0;
                    let v = f32::from(uv_row[(x / 2) * 2 + v_at]) - 128.0;
                    // BT.601 full range.
                    let clamp = |c: f32| c.round().clamp(0.0, 255.0) as u8;
                    px.0 = [
                        clamp(luma + 1.402 * v),
                        clamp(luma - 0.344_136 * u - 0.714_136 * v),
                        clamp(luma + 1.772 * u),
                    ];
                }
            }
        }
    }
    Ok(shrink(out, limits.work_side))
}

/// Scales an image down so that its longer side is at most `side`.
pub fn shrink(img: RgbImage, side: u32) -> RgbImage {
    let long = img.width().max(img.height());
    if long <= side {
        return img;
    }
    let scale = f64::from(side) / f64::from(long);
    let w = ((f64::from(img.width()) * scale).round() as u32).max(1);
    let h = ((f64::from(img.height()) * scale).round() as u32).max(1);
    image::imageops::resize(&img, w, h, image::imageops::FilterType::Triangle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let mut out = Vec::new();
        RgbImage::new(w, h)
            .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .unwrap();
        out
    }

    #[test]
    fn decodes_png_and_shrinks() {
        let limits = ImageLimits {
            work_side: 100,
            ..ImageLimits::default()
        };
        let img = decode(&png(400, 200), &limits).unwrap();
        assert_eq!(img.dimensions(), (100, 50));
    }

    #[test]
    fn exif_orientation_is_applied() {
        use image::ImageEncoder;
        // 2×1: red, blue; EXIF orientation 6 (the camera was turned: rotate 90° clockwise).
        let img = RgbImage::from_raw(2, 1, vec![255, 0, 0, 0, 0, 255]).unwrap();
        let exif = [
            b'M', b'M', 0, 42, 0, 0, 0, 8, // TIFF header, first IFD at 8
            0, 1, // one entry
            0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, // Orientation, SHORT, 1, value 6
            0, 0, 0, 0, // no next IFD
        ];
        let mut bytes = Vec::new();
        let mut encoder = image::codecs::png::PngEncoder::new(&mut bytes);
        encoder.set_exif_metadata(exif.to_vec()).unwrap();
        encoder
            .write_image(img.as_raw(), 2, 1, image::ExtendedColorType::Rgb8)
            .unwrap();
        let upright = decode(&bytes, &ImageLimits::default()).unwrap();
        assert_eq!(upright.dimensions(), (1, 2));
        assert_eq!(upright.get_pixel(0, 0).0, [255, 0, 0]);
        assert_eq!(upright.get_pixel(0, 1).0, [0, 0, 255]);
    }

    #[test]
    fn header_claiming_a_huge_image_is_refused_before_decoding() {
        let mut bytes = png(1, 1);
        // IHDR width and height live at bytes 16..24; the CRC no longer matches, but the size
        // check must come first either way.
        bytes[16..20].copy_from_slice(&30_000u32.to_be_bytes());
        bytes[20..24].copy_from_slice(&30_000u32.to_be_bytes());
        let err = decode(&bytes, &ImageLimits::default()).unwrap_err();
        assert!(
            matches!(
                err,
                CoreError::ImageTooLarge { .. } | CoreError::CorruptImage { .. }
            ),
            "{err:?}"
        );
    }

    #[test]
    fn bad_inputs() {
        let l = ImageLimits::default();
        assert_eq!(decode(b"", &l), Err(CoreError::EmptyInput));
        assert_eq!(decode(b"hello world", &l), Err(CoreError::UnsupportedImage));
        let bytes = png(64, 64);
        assert!(matches!(
            decode(&bytes[..bytes.len() / 2], &l),
            Err(CoreError::CorruptImage { .. })
        ));
    }

    #[test]
    fn frames() {
        let l = ImageLimits::default();
        // 2×2 BGRA: blue, green / red, white.
        let bgra = [
            255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255,
        ];
        let f = Frame {
            data: &bgra,
            width: 2,
            height: 2,
            stride: 8,
            format: FrameFormat::Bgra,
        };
        let img = from_frame(&f, &l).unwrap();
        assert_eq!(img.get_pixel(0, 0).0, [0, 0, 255]);
        assert_eq!(img.get_pixel(0, 1).0, [255, 0, 0]);
        // NV21 grey: Y = 128, V = U = 128.
        let nv21 = [128u8; 4 + 2];
        let f = Frame {
            data: &nv21,
            width: 2,
            height: 2,
            stride: 2,
            format: FrameFormat::Nv21,
        };
        assert_eq!(from_frame(&f, &l).unwrap().get_pixel(1, 1).0, [128; 3]);
        let f = Frame {
            data: &nv21[..5],
            ..f
        };
        assert!(matches!(
            from_frame(&f, &l),
            Err(CoreError::InvalidFrame { .. })
        ));
    }
}
