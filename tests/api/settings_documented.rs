//! Every setting of the long-running commands (`serve`, `mcp`) and of
//! `check` — the limits among them — is a flag with an environment variable,
//! and README names both: an operator can set each one in a unit file or a
//! container and find what it does. (`backup --to` and `token --name` name
//! what one invocation acts on; they are not settings.)

use clap::CommandFactory;
use docdesk::cli::Cli;

use crate::helpers::repo_root;

#[test]
fn every_setting_has_a_flag_an_environment_variable_and_a_readme_line() {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
    let cli = Cli::command();
    let mut missing = Vec::new();
    let mut seen = 0;
    for name in ["serve", "mcp", "check"] {
        let command = cli.find_subcommand(name).unwrap_or_else(|| panic!("no `{name}`"));
        for arg in command.get_arguments() {
            let Some(long) = arg.get_long() else { continue };
            if ["help", "version"].contains(&long) {
                continue;
            }
            seen += 1;
            let flag = format!("--{long}");
            if !readme.contains(&format!("[{flag}")) && !readme.contains(&format!("`{flag}")) {
                missing.push(format!("{name} {flag}: not in README"));
            }
            match arg.get_env().and_then(|env| env.to_str()) {
                Some(env) if env.starts_with("DOCDESK_") => {
                    if !readme.contains(env) {
                        missing.push(format!("{name} {flag}: {env} not in README"));
                    }
                }
                other => missing.push(format!("{name} {flag}: environment variable {other:?}")),
            }
        }
    }
    assert!(seen >= 20, "only {seen} flags found");
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}
