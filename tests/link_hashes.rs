//! Links made with `v=1` and `v=2` replay to a step and compare the state hash they
//! carry: these hashes must never change. Each was computed by this test's
//! scenes at commit 9e46f55 (native; `tests/js/determinism.test.mjs` checks that
//! both wasm builds give the native hash). A refactor that changes one breaks
//! every shared link of that scene: give the new behaviour a new config version.

use ebm_playground::config::Config;
use ebm_playground::train::Trainer;

/// Steps each scene runs before its hash is taken.
const STEPS: u32 = 5;

const PINNED: &[(&str, &str)] = &[
    ("v=1", "9d385a60feda28f3"),
    ("v=1&loss=exact&data=moons", "4b2839ea8203fe35"),
    ("v=1&loss=nce&data=gaussians", "5b94ebf24a199ff8"),
    ("v=1&loss=hinge&neg=cd&sampler=mala", "9a2ebbb55ec0b76a"),
    ("v=1&loss=square_square&neg=corrupt", "26c464c267b5bb72"),
    ("v=1&loss=log&neg=kick", "138e7de51ee55c0f"),
    ("v=1&loss=dsm&data=rings", "7af421daf320f030"),
    ("v=1&loss=ssm&data=pinwheel", "5a07416a85e1b1ac"),
    ("v=1&neg=pcd&sampler=hmc&data=checkerboard", "81b402725d05c908"),
    ("v=1&neg=descent&opt=momentum", "008380651cdf25bc"),
    ("v=1&sampler=sgld&opt=sgd&lr=0.05", "53ee779d51be7a03"),
    ("v=1&sampler=rwmh&data=swissroll", "3f4bdfbaaf0f314a"),
    ("v=1&data=circle&neg=pcd", "64332f93829cfc10"),
    ("v=1&data=parabolas&loss=exact", "99755d757c874697"),
    ("v=1&data=horn", "736976b6df6ffcfc"),
    ("v=1&data=points&pts=0,0;1,0.5;-1,1;0.5,-1;-0.5,-0.5&test=0", "2f79e229bd3f0b11"),
    ("v=1&model=ellipse&data=ellipse", "4805166bfba0106c"),
    ("v=1&model=ellipse&data=ellipse&zloss=hinge&free=beta", "c7e8c3a4375f5783"),
    ("v=1&model=latent&zloss=marginal", "65988382931f5394"),
    ("v=1&model=codes&zloss=log&clusters=5", "bf52d34f19a86688"),
    ("v=1&model=horn&data=horn", "89c4161c208af2b2"),
    ("v=1&model=kmeans", "696ac2bb1604915f"),
    ("v=1&model=kmeans&rule=stochastic&free=beta", "142b079692c85e5b"),
    ("v=1&model=pca&data=ellipse", "0922cf32050ce87f"),
    ("v=1&model=pca&rule=stochastic", "d8c3eb7fc47c6cc4"),
    ("v=1&model=sparse&data=gaussians", "72203cb3f6c0dcbb"),
    ("v=1&model=dae&data=moons", "a19cd25d4d04345b"),
    ("v=1&model=mae&data=moons", "fba1adb7e5a994b0"),
    ("v=1&model=regression&data=circle", "29bdd54f1f2cb154"),
];

/// The same scenes under `v=2` (mini-batches and replay slots drawn without
/// replacement by `rand`'s index sampling, `src/batch.rs`), computed by this
/// test when `v=2` was introduced; `tests/js/determinism.test.mjs` checks both
/// wasm builds against the native CLI under `v=2`. Scenes whose every step reads
/// the whole data set (the ellipse, Lloyd's K-means, PCA's batch rule) keep their
/// `v=1` hash.
const PINNED_V2: &[(&str, &str)] = &[
    ("v=2", "5d33b7950f31e41c"),
    ("v=2&loss=exact&data=moons", "9cbfeeb0823d8fab"),
    ("v=2&loss=nce&data=gaussians", "29aad652c1d6d309"),
    ("v=2&loss=hinge&neg=cd&sampler=mala", "1141a6829e078cb2"),
    ("v=2&loss=square_square&neg=corrupt", "d56176941035f017"),
    ("v=2&loss=log&neg=kick", "97963d048b873222"),
    ("v=2&loss=dsm&data=rings", "d45105c343293fc7"),
    ("v=2&loss=ssm&data=pinwheel", "06566c8cf6a032a8"),
    ("v=2&neg=pcd&sampler=hmc&data=checkerboard", "7696c3c7fbc1e393"),
    ("v=2&neg=descent&opt=momentum", "7cf4ae19a32add47"),
    ("v=2&sampler=sgld&opt=sgd&lr=0.05", "5e64f7d548b8247a"),
    ("v=2&sampler=rwmh&data=swissroll", "8b5e0578f157c581"),
    ("v=2&data=circle&neg=pcd", "1e14f8cb95cd02b3"),
    ("v=2&data=parabolas&loss=exact", "620f9f469a72d4a5"),
    ("v=2&data=horn", "03afcc697cbad05c"),
    ("v=2&data=points&pts=0,0;1,0.5;-1,1;0.5,-1;-0.5,-0.5&test=0", "45bb5cd45b83e32e"),
    ("v=2&model=ellipse&data=ellipse", "4805166bfba0106c"),
    ("v=2&model=ellipse&data=ellipse&zloss=hinge&free=beta", "c7e8c3a4375f5783"),
    ("v=2&model=latent&zloss=marginal", "92e82a25c2a94bab"),
    ("v=2&model=codes&zloss=log&clusters=5", "dda8a17e4ab88bd0"),
    ("v=2&model=horn&data=horn", "e8d6c916c3264359"),
    ("v=2&model=kmeans", "696ac2bb1604915f"),
    ("v=2&model=kmeans&rule=stochastic&free=beta", "5c2e28d97d2fe723"),
    ("v=2&model=pca&data=ellipse", "0922cf32050ce87f"),
    ("v=2&model=pca&rule=stochastic", "05585c11137df14d"),
    ("v=2&model=sparse&data=gaussians", "020c9d0ea9f37377"),
    ("v=2&model=dae&data=moons", "148347b8d7dcf8f7"),
    ("v=2&model=mae&data=moons", "3baddfcc5c472092"),
    ("v=2&model=regression&data=circle", "19b92db64e6ff87f"),
];

fn hash_after(query: &str) -> String {
    let (cfg, problems) = Config::from_query(query);
    assert!(problems.is_empty(), "{query}: {problems:?}");
    let (mut t, _) = Trainer::new(cfg);
    for _ in 0..STEPS {
        t.step().unwrap_or_else(|e| panic!("{query}: {e}"));
    }
    t.state_hash()
}

/// The rows of `table` whose hash changed, written as the row should now read.
fn changed(table: &[(&str, &str)]) -> Vec<String> {
    table
        .iter()
        .filter_map(|(query, want)| {
            let got = hash_after(query);
            (got != *want).then(|| format!("(\"{query}\", \"{got}\"), // was {want}"))
        })
        .collect()
}

#[test]
fn every_model_and_loss_keeps_the_state_hash_its_v1_links_carry() {
    let wrong = changed(PINNED);
    assert!(wrong.is_empty(), "{} scenes changed their hash:\n{}", wrong.len(), wrong.join("\n"));
}

#[test]
fn every_model_and_loss_keeps_the_state_hash_its_v2_links_carry() {
    let wrong = changed(PINNED_V2);
    assert!(wrong.is_empty(), "{} v=2 scenes changed their hash:\n{}", wrong.len(), wrong.join("\n"));
}

#[test]
fn a_link_without_a_version_reads_as_the_newest() {
    let (cfg, problems) = Config::from_query("data=moons");
    assert!(problems.is_empty());
    assert_eq!(cfg.version, ebm_playground::config::VERSION);
    assert!(cfg.to_query().starts_with("v=2&"), "{}", cfg.to_query());
    let (old, _) = Config::from_query("v=1&data=moons");
    assert!(old.to_query().starts_with("v=1&"), "an old link keeps its version when written back");
    let (future, problems) = Config::from_query("v=3&data=moons");
    assert_eq!(future.version, 2);
    assert!(problems[0].contains("config version 3 is not known"), "{problems:?}");
}
