//! Rule files (`rules/*.toml`): SKELETON, the `minutes` helper builds it.
//! Contract used by other stages:
//! - `RuleSet::embedded()` the default set compiled into the binary;
//! - `RuleSet::load_dir(&Path) -> Result<RuleSet, RuleError>` (`--rules DIR`);
//! - `RuleSet::hash(&self) -> &str` a stable hash of all rule files' text;
//! - `RuleSet::file_text(&self, name) -> Option<&str>` raw text of one file
//!   (the `history` stage parses `themes.toml` itself).

/// The compiled rules.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {}

impl RuleSet {
    pub fn embedded() -> RuleSet {
        RuleSet {}
    }
}
