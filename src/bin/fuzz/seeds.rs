//! Valid examples the mutations start from: every scene's link (www/scenes/),
//! hand-written links, and the JSON, CSV, sampling jobs and parameter files
//! the engine itself writes for them.

use ebm_playground::config::Config;
use ebm_playground::data::{self, DatasetKind, points_text};
use ebm_playground::energy::mlp::Mlp;
use ebm_playground::kernels::Activation;
use ebm_playground::points::Rect;
use ebm_playground::rng::Rng;
use ebm_playground::sampler::job::{spec_for_model, spec_for_target};

/// Links written by hand: the README's, each model and loss, views and points.
const LINKS: &[&str] = &[
    "v=2&data=moons&sampler=mala&k=10&eps=0.05&beta=1&lr=0.01&seed=3&step=500&hash=0123456789abcdef",
    "?v=2&data=moons&lr=0.003",
    "data=spiral&seed=1",
    "model=kmeans&data=spiral&clusters=12",
    "model=ellipse&data=ellipse&zloss=marginal&free=beta&beta=2",
    "model=latent&data=ellipse&lambda=0.5&depth=1&width=16",
    "model=codes&data=ellipse&clusters=8&zloss=hinge&margin=2&kick=0.5",
    "model=horn&data=horn&hx=0.25",
    "model=pca&rule=stochastic&opt=momentum&momentum=0.5",
    "model=sparse&clusters=3&lambda=0.3",
    "model=dae&score_sigma=0.2&act=tanh",
    "model=mae&width=64&depth=3",
    "model=regression&data=parabolas",
    "model=target&target=banana&sampler=hmc&leapfrog=10&eps=0.1",
    "data=rings&loss=nce&batch=512",
    "data=gaussians&loss=dsm&score_sigma=0.2&lr=0.003",
    "data=gaussians&loss=ssm&batch=1024",
    "data=moons&loss=hinge&neg=corrupt&margin=1&kick=0.3",
    "data=spiral&loss=ml&neg=pcd&buffer=500&reinit=0.1&sampler=sgld&sgld_noise=0.01",
    "data=checkerboard&loss=exact&grid=64&test=0.5&noise=0.05&n=500",
    "data=points&pts=0.5,-1.2;1,2;-0.3,0.25&test=0",
    "data=circle&loss=exact&x0=0.6&panel=slice&layers=contours,field,infer&from=0.1,0.2&restarts=16",
    "model=ellipse&data=ellipse&panel=latent&pick=1.3,0.6&shown=density&pbeta=2",
    "panel=sections&cut=y2:0.5&levels=12&shown=nlogp",
    "v=1&data=pinwheel&opt=sgd&lr=1&l2=0&clip=0&eps=0.5",
];

/// CSV files written by hand: headers, comments, separators, a BOM, quotes.
const CSVS: &[&str] = &[
    "y1,y2\n0.5,-1.2\n1,2\n",
    "x,y\r\n0,0\r\n1,1\r\n",
    "\u{feff}# made by hand\n\n0.1 0.2\n0.3\t0.4\n",
    "\"1\",\"2\"\n\"3\",\"4\"\n",
    "0.1,0.2;0.3,0.4\n0.5 0.6; 0.7 0.8;\n",
    "1e-1,-2.5E1\n-0,0\n1e6,-1e6\n",
];

pub struct Seeds {
    pub links: Vec<String>,
    pub json: Vec<String>,
    pub csv: Vec<String>,
    pub jobs: Vec<String>,
    pub params: Vec<String>,
}

impl Seeds {
    pub fn load() -> Self {
        let mut links: Vec<String> = LINKS.iter().map(|s| s.to_string()).collect();
        for link in scene_links() {
            // The scene's link as the page holds it, and each key without its pane prefix (a pane's query).
            let plain = link.split('&').map(strip_pane).collect::<Vec<_>>().join("&");
            links.extend([link, plain]);
        }
        links.push(Config::default().to_query());
        let configs: Vec<Config> = links.iter().map(|q| Config::from_query(q).0).collect();
        let json = configs.iter().map(Config::to_json).collect();
        let rng = Rng::new(7);
        let mut csv: Vec<String> = CSVS.iter().map(|s| s.to_string()).collect();
        for kind in [DatasetKind::Spiral, DatasetKind::Moons, DatasetKind::Horn] {
            let pts = data::generate(kind, 40, kind.default_noise(), &rng);
            csv.push(points_text(&pts));
            csv.push(points_text(&pts).replace(';', "\n"));
        }
        let view = Rect::square(3.0);
        let mut jobs = Vec::new();
        let mut params = Vec::new();
        for (depth, width, act) in [(1, 4, Activation::Silu), (2, 8, Activation::Tanh), (3, 16, Activation::Relu)] {
            let mlp = Mlp::new(depth, width, act, &rng);
            jobs.push(spec_for_model(&configs[0], &mlp, view, 256));
            let file = serde_json::to_string(&mlp.to_file()).expect("a parameter file serialises");
            params.push(format!("{{\"params\":{file}}}"));
            params.push(file);
        }
        for target in ["gaussian", "mixture", "banana", "donut", "funnel", "double_well", "circle"] {
            let (mut cfg, _) = Config::from_query(&format!("model=target&target={target}&sampler=hmc"));
            cfg.eps = 0.1;
            jobs.push(spec_for_target(&cfg, view, 1000));
        }
        Self { links, json, csv, jobs, params }
    }
}

/// `p2.lr=1` → `lr=1`.
fn strip_pane(kv: &str) -> &str {
    let b = kv.as_bytes();
    if b.first() == Some(&b'p')
        && let Some(dot) = kv.find('.')
        && dot > 1
        && kv[1..dot].bytes().all(|c| c.is_ascii_digit())
    {
        return &kv[dot + 1..];
    }
    kv
}

/// The `link` of every scene file (run from the repository root; none elsewhere).
fn scene_links() -> Vec<String> {
    let Ok(dir) = std::fs::read_dir("www/scenes") else { return Vec::new() };
    let mut paths: Vec<_> = dir.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    paths
        .iter()
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .filter_map(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        .filter_map(|v| v.get("link").and_then(|l| l.as_str()).map(String::from))
        .collect()
}
