use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    docdesk::cli::run(docdesk::cli::Cli::parse())
}
