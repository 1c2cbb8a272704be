//! Links made with `v=1` replay to a step and compare the state hash they
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

fn hash_after(query: &str) -> String {
    let (cfg, problems) = Config::from_query(query);
    assert!(problems.is_empty(), "{query}: {problems:?}");
    let (mut t, _) = Trainer::new(cfg);
    for _ in 0..STEPS {
        t.step().unwrap_or_else(|e| panic!("{query}: {e}"));
    }
    t.state_hash()
}

#[test]
fn every_model_and_loss_keeps_the_state_hash_its_v1_links_carry() {
    let mut wrong = Vec::new();
    for (query, want) in PINNED {
        let got = hash_after(query);
        if got != *want {
            wrong.push(format!("(\"{query}\", \"{got}\"), // was {want}"));
        }
    }
    assert!(wrong.is_empty(), "{} scenes changed their hash:\n{}", wrong.len(), wrong.join("\n"));
}
