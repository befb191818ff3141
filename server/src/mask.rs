//! Masking of personal data in public views: phones `138****1234`, citizens' names `张*`.

/// `13812341234` → `138****1234`. Other shapes keep at most their first 3 and last 4
/// characters, with at least 4 `*` between (a short value becomes all `*`).
pub fn mask_phone(phone: &str) -> String {
    let chars: Vec<char> = phone.chars().collect();
    if chars.len() < 8 {
        return "*".repeat(chars.len().max(4));
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}****{tail}")
}

/// A citizen's name as others see it: first character + `*` (`张三` → `张*`, `欧阳娜娜` →
/// `欧*`). An empty name becomes `*`.
pub fn mask_name(name: &str) -> String {
    match name.trim().chars().next() {
        Some(c) => format!("{c}*"),
        None => "*".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones() {
        assert_eq!(mask_phone("13812341234"), "138****1234");
        assert_eq!(mask_phone("13800000001"), "138****0001");
        assert_eq!(mask_phone("12345678"), "123****5678");
        assert_eq!(mask_phone("1234"), "****");
        assert_eq!(mask_phone(""), "****");
    }

    #[test]
    fn names() {
        assert_eq!(mask_name("张三"), "张*");
        assert_eq!(mask_name("王秀英"), "王*");
        assert_eq!(mask_name("欧阳娜娜"), "欧*");
        assert_eq!(mask_name(" 李 "), "李*");
        assert_eq!(mask_name(""), "*");
        assert_eq!(mask_name("用户0001"), "用*");
    }
}
