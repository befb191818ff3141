//! A minimal one-page PDF for demo attachments. Chinese text uses the standard Adobe CJK
//! font `STSong-Light` (not embedded; PDF viewers substitute a system font), written as
//! UCS-2 with the `UniGB-UCS2-H` encoding.

/// Encodes text as a PDF hex string of UCS-2 code units (characters outside the BMP
/// become `?`).
fn ucs2_hex(text: &str) -> String {
    let mut out = String::from("<");
    for c in text.chars() {
        let unit = u16::try_from(u32::from(c)).unwrap_or(u16::from(b'?'));
        out.push_str(&format!("{unit:04X}"));
    }
    out.push('>');
    out
}

/// A one-page A4 PDF showing `lines` (the first one larger, as a title).
pub fn document(lines: &[&str]) -> Vec<u8> {
    let mut content = String::from("BT\n");
    let mut y = 760;
    for (i, line) in lines.iter().enumerate() {
        let size = if i == 0 { 20 } else { 12 };
        content.push_str(&format!(
            "/F1 {size} Tf 1 0 0 1 64 {y} Tm {} Tj\n",
            ucs2_hex(line)
        ));
        y -= if i == 0 { 40 } else { 22 };
    }
    content.push_str("ET\n");

    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{content}endstream", content.len()),
        "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>".to_owned(),
        "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 7 0 R /DW 1000 >>".to_owned(),
        "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>".to_owned(),
    ];

    let mut pdf: Vec<u8> = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    let mut tail = format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for off in offsets {
        tail.push_str(&format!("{off:010} 00000 n \n"));
    }
    tail.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    pdf.extend_from_slice(tail.as_bytes());
    pdf
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xref_offsets_point_at_objects() {
        let pdf = document(&["关于2025年预算的说明.pdf", "演示附件"]);
        let text = String::from_utf8_lossy(&pdf);
        assert!(pdf.starts_with(b"%PDF-1.4"));
        assert!(text.ends_with("%%EOF\n"));
        assert!(text.contains(ucs2_hex("预算").trim_matches(|c| c == '<' || c == '>')));
        let startxref: usize = text
            .rsplit("startxref\n")
            .next()
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!(pdf[startxref..].starts_with(b"xref"));
        let xref = std::str::from_utf8(&pdf[startxref..]).unwrap();
        for (n, line) in xref.lines().skip(3).take(7).enumerate() {
            let off: usize = line[..10].parse().unwrap();
            assert!(
                pdf[off..].starts_with(format!("{} 0 obj", n + 1).as_bytes()),
                "object {}",
                n + 1
            );
        }
    }
}
