//! Counts as people write them: "1 record", "12 records", never "(1 records)".

/// `n` with the noun that fits it.
pub fn count(n: impl TryInto<i64>, one: &str, many: &str) -> String {
    match n.try_into() {
        Ok(1) => format!("1 {one}"),
        Ok(n) => format!("{n} {many}"),
        Err(_) => format!("many {many}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(count(1usize, "record", "records"), "1 record");
        assert_eq!(count(0usize, "record", "records"), "0 records");
        assert_eq!(count(12i64, "family", "families"), "12 families");
    }
}
