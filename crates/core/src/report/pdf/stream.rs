//! What the font and the pages share: their streams' compression.

use std::io::Write;

/// `bytes` compressed for a stream with the FlateDecode filter.
pub fn deflate(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).and_then(|()| encoder.finish()).expect("writing to memory")
}
