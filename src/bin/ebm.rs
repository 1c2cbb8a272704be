//! The headless CLI: `ebm train`, `ebm view`, `ebm energy`, `ebm sample`, `ebm export-py` (see README.md).

use std::collections::HashMap;
use std::process::ExitCode;

use ebm_playground::cli;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((cmd, rest)) = args.split_first() else {
        eprintln!("{}", cli::USAGE);
        return ExitCode::from(2);
    };
    let mut opts = HashMap::new();
    let mut it = rest.iter().peekable();
    // `ebm view NAME …`: the view's name comes first.
    if cmd == "view"
        && let Some(name) = it.next_if(|a| !a.starts_with("--"))
    {
        opts.insert("view".to_string(), name.clone());
    }
    while let Some(a) = it.next() {
        let Some(key) = a.strip_prefix("--") else {
            eprintln!("unexpected argument '{a}'\n{}", cli::USAGE);
            return ExitCode::from(2);
        };
        let Some(v) = it.next() else {
            eprintln!("--{key} needs a value\n{}", cli::USAGE);
            return ExitCode::from(2);
        };
        opts.insert(key.to_string(), v.clone());
    }
    let result = match cmd.as_str() {
        "train" => cli::train(&opts),
        "energy" => cli::energy(&opts),
        "sample" => cli::sample(&opts),
        "view" => cli::view(&opts),
        "export-py" => cli::export_py(&opts),
        _ => Err(format!("unknown command '{cmd}'\n{}", cli::USAGE)),
    };
    match result {
        Ok(out) => {
            print!("{out}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
