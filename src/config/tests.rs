use super::fields::*;
use super::query::percent_decode;
use super::*;

#[test]
fn defaults_round_trip_through_the_url_and_json_forms() {
    let c = Config::default();
    let (back, problems) = Config::from_query(&c.to_query());
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(back, c);
    let (back, problems) = Config::from_json(&c.to_json());
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(back, c);
}

#[test]
fn a_bad_value_keeps_the_default_and_names_the_field_and_range() {
    let (c, problems) = Config::from_query("?lr=1e9&sampler=gibbs&beta=-1&seed=7");
    assert_eq!(c.lr, Config::default().lr);
    assert_eq!(c.seed, 7);
    assert_eq!(problems.len(), 3, "{problems:?}");
    assert!(problems[0].contains("lr must be finite and in (0, 1], got '1e9'"), "{}", problems[0]);
    assert!(problems[1].contains("sampler must be one of langevin"), "{}", problems[1]);
    assert!(problems[2].contains("beta"), "{}", problems[2]);
}

#[test]
fn unknown_keys_and_nan_are_reported_not_fatal() {
    let (c, problems) = Config::from_query("foo=1&eps=NaN&k=&data=moons");
    assert_eq!(c.dataset, DatasetKind::Moons);
    assert_eq!(problems.len(), 3, "{problems:?}");
    assert!(problems[0].contains("unknown key 'foo'"));
}

#[test]
fn percent_encoding_round_trips_user_points() {
    let mut c = Config::default();
    c.set("pts", "0.5,-1;2,3.25").unwrap();
    let (back, problems) = Config::from_query(&c.to_query());
    assert!(problems.is_empty());
    assert_eq!(back.user_points, "0.5,-1;2,3.25");
    assert_eq!(percent_decode("a%2Cb%zz%4"), "a,b%zz%4");
}

#[test]
fn the_choice_lists_name_exactly_the_engine_variants() {
    let names = |t: &[(&str, _)]| t.iter().map(|(n, _)| n.to_string()).collect::<Vec<_>>();
    let strs = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(strs(DATASETS), DatasetKind::ALL.iter().map(|(n, _)| n.to_string()).collect::<Vec<_>>());
    assert_eq!(strs(SAMPLERS), names(&SamplerKind::ALL.map(|(n, _)| (n, ()))));
    assert_eq!(strs(ACTIVATIONS), names(&Activation::ALL.map(|(n, _)| (n, ()))));
    assert_eq!(strs(LOSSES), names(&LossKind::ALL.map(|(n, _)| (n, ()))));
    assert_eq!(strs(MODELS), names(&crate::models::ModelKind::ALL.map(|(n, _)| (n, ()))));
}

#[test]
fn every_model_and_its_fields_round_trip_and_bad_values_name_the_field() {
    for (name, kind) in crate::models::ModelKind::ALL {
        let q = format!("model={name}&clusters=5&lambda=0.3&zloss=marginal&hx=0.25&rule=stochastic&free=beta");
        let (c, problems) = Config::from_query(&q);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            (c.model, c.clusters, c.lambda, c.zloss, c.hx, c.rule, c.free),
            (kind, 5, 0.3, "marginal", 0.25, "stochastic", "beta")
        );
        assert_eq!(Config::from_query(&c.to_query()), (c.clone(), vec![]));
        assert_eq!(Config::from_json(&c.to_json()), (c.clone(), vec![]));
    }
    let (c, problems) = Config::from_query("model=transformer&clusters=0&hx=2");
    assert_eq!((c.model, c.clusters, c.hx), (crate::models::ModelKind::Mlp, 8, 0.5));
    assert_eq!(problems.len(), 3, "{problems:?}");
    assert!(problems[0].starts_with("model must be one of mlp, ellipse"), "{problems:?}");
}

#[test]
fn every_loss_and_its_numbers_round_trip_through_the_url_and_json_forms() {
    for (name, kind) in LossKind::ALL {
        let (c, problems) = Config::from_query(&format!("loss={name}&margin=2.5&score_sigma=0.25"));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!((c.loss, c.margin, c.score_sigma), (kind, 2.5, 0.25));
        assert_eq!(Config::from_query(&c.to_query()), (c.clone(), vec![]));
        assert_eq!(Config::from_json(&c.to_json()), (c.clone(), vec![]));
        assert!(c.to_query().contains(&format!("loss={name}&")), "{}", c.to_query());
    }
    let schema: Vec<serde_json::Value> = serde_json::from_str(&Config::schema_json()).unwrap();
    let loss = schema.iter().find(|f| f["key"] == "loss").unwrap();
    assert_eq!(loss["choices"].as_array().unwrap().len(), LossKind::ALL.len());
    assert!(schema.iter().any(|f| f["key"] == "margin" && f["type"] == "float"));
}

#[test]
fn bad_margins_and_noise_levels_keep_the_default_and_name_the_range() {
    let (c, problems) = Config::from_query("loss=hinge&margin=0&score_sigma=-1&loss=softmax");
    assert_eq!((c.loss, c.margin, c.score_sigma), (LossKind::Hinge, 1.0, 0.15));
    assert_eq!(problems.len(), 3, "{problems:?}");
    assert!(problems[0].contains("margin must be finite and in (0, 100], got '0'; using 1"), "{}", problems[0]);
    assert!(problems[1].contains("score_sigma must be finite and in (0, 10], got '-1'"), "{}", problems[1]);
    assert!(problems[2].contains("loss must be one of ml, exact, nce, square_square, hinge, log, dsm, ssm"));
}

#[test]
fn json_that_is_not_an_object_gives_defaults_and_a_message() {
    let (c, problems) = Config::from_json("[1, 2]");
    assert_eq!(c, Config::default());
    assert!(problems[0].contains("not a JSON object"));
}

/// The defaults a link means by leaving a key out, as they were when short links
/// began (config v=2; v=1 shares them). A short link writes only the keys that
/// differ, so changing a default here would change what every short link opens:
/// give the new defaults a new config version instead.
const FROZEN_DEFAULTS: &str = "data=spiral&n=auto&noise=auto&test=0.2&pts=&seed=1&model=mlp&target=circle\
&depth=2&width=32&act=silu&loss=ml&neg=short_run&sampler=langevin&k=20&eps=0.05&sgld_noise=0.005&leapfrog=5\
&beta=1&buffer=10000&reinit=0.05&kick=0.3&opt=adam&lr=0.01&beta1=0.9&beta2=0.999&momentum=0.9&clip=10&l2=0.1\
&margin=1&score_sigma=0.15&clusters=8&lambda=0.1&zloss=argmin&hx=0.5&rule=batch&free=min&batch=256&grid=128";

#[test]
fn defaults_are_frozen_and_read_back_as_written() {
    let frozen: Vec<(String, String)> = query_pairs(FROZEN_DEFAULTS);
    let table: Vec<(String, String)> =
        FIELDS.iter().filter(|f| f.key != "v").map(|f| (f.key.to_string(), f.default.to_string())).collect();
    assert_eq!(table, frozen, "a default changed: short links would open differently; make a new config version");
    // The page shortens a link by comparing values with the schema's defaults as text.
    let c = Config::default();
    for f in FIELDS.iter().filter(|f| f.key != "v") {
        assert_eq!(c.get(f.key), f.default, "{}", f.key);
    }
}

#[test]
fn a_link_without_its_default_keys_opens_the_same_config() {
    let short = |c: &Config| -> String {
        query_pairs(&c.to_query())
            .into_iter()
            .filter(|(k, v)| k == "v" || FIELDS.iter().any(|f| f.key == k && f.default != v))
            .map(|(k, v)| format!("{k}={}", percent_encode(&v)))
            .collect::<Vec<_>>()
            .join("&")
    };
    for q in
        ["", "v=1", "loss=hinge&margin=2.5", "data=points&pts=0.1,0.2;0.3,0.4&test=0", "model=kmeans&beta=3&free=beta"]
    {
        let (c, problems) = Config::from_query(q);
        assert!(problems.is_empty(), "{problems:?}");
        let s = short(&c);
        assert!(s.starts_with(&format!("v={}", c.version)), "{s}");
        assert_eq!(Config::from_query(&s), (c.clone(), vec![]), "{q} → {s}");
    }
}

#[test]
fn a_hostile_value_or_key_comes_back_quoted_shortened_with_the_key_and_what_it_allows() {
    // Found by scripts/fuzz: a 400 kB value, key or version came back whole in its message.
    let big = "9".repeat(400_000);
    let huge = "9".repeat(crate::data::MAX_POINTS_TEXT + 1);
    let (c, problems) =
        Config::from_query(&format!("lr={big}&{big}=1&v={big}&pts={}&pts=1,2&pts={huge}", "0.5,0.5;".repeat(10)));
    assert_eq!(problems.len(), 4, "{problems:?}");
    assert!(problems.iter().all(|p| p.chars().count() < 200), "{problems:?}");
    assert!(problems[0].starts_with("lr must be finite and in (0, 1], got '9999"), "{}", problems[0]);
    assert!(problems[1].starts_with("unknown key '9999") && problems[1].ends_with("…' ignored"), "{}", problems[1]);
    assert!(problems[2].starts_with("config version 9999"), "{}", problems[2]);
    // The value kept is named too, shortened: the last good pts.
    assert!(problems[3].starts_with("pts must be at most 3000000 characters") && problems[3].ends_with("; using 1,2"));
    assert_eq!((c.lr, c.user_points.as_str()), (0.01, "1,2"));
}
