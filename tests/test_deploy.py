"""The Kubernetes example (deploy/k8s/) reads as YAML and holds together: the Service selects
the Deployment's pods, the Ingress sends to the Service by cookie, and the data mounted in a pod
is the bundled data folder, file for file."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
K8S = ROOT / "deploy" / "k8s"
MANIFESTS = sorted(K8S.glob("*.yaml"))


def load(name: str) -> dict:
    return yaml.safe_load((K8S / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def pod() -> dict:
    return load("deployment.yaml")["spec"]["template"]


def test_there_are_manifests_to_check():
    assert {p.name for p in MANIFESTS} >= {"deployment.yaml", "service.yaml", "ingress.yaml",
                                          "kustomization.yaml"}


@pytest.mark.parametrize("path", MANIFESTS, ids=lambda p: p.name)
def test_each_manifest_is_one_yaml_object_of_a_kind(path):
    documents = list(yaml.safe_load_all(path.read_text(encoding="utf-8")))
    assert len(documents) == 1
    manifest = documents[0]
    assert manifest["apiVersion"] and manifest["kind"]
    if manifest["kind"] != "Kustomization":
        assert manifest["metadata"]["name"] == "srrp-dashboard"


def test_the_pods_share_one_cookie_secret_and_are_health_checked(pod):
    deployment = load("deployment.yaml")
    assert deployment["spec"]["replicas"] >= 2
    assert deployment["spec"]["selector"]["matchLabels"].items() <= pod["metadata"][
        "labels"].items()
    container = pod["spec"]["containers"][0]
    env = {e["name"]: e for e in container["env"]}
    assert env["STREAMLIT_SERVER_COOKIE_SECRET"]["valueFrom"]["secretKeyRef"]
    assert env["SRRP_DATA_DIR"]["value"] == container["volumeMounts"][0]["mountPath"]
    for probe in ("readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"]["path"] == "/_stcore/health"


def test_the_service_selects_the_pods_and_the_ingress_sticks_to_them(pod):
    service, ingress = load("service.yaml"), load("ingress.yaml")
    assert service["spec"]["selector"].items() <= pod["metadata"]["labels"].items()
    assert "sessionAffinity" not in service["spec"]  # by address: one office, one pod
    port_names = {p["name"] for p in pod["spec"]["containers"][0]["ports"]}
    assert {p["targetPort"] for p in service["spec"]["ports"]} <= port_names
    backend = ingress["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    assert backend["name"] == service["metadata"]["name"]
    assert backend["port"]["name"] in {p["name"] for p in service["spec"]["ports"]}
    notes = ingress["metadata"]["annotations"]
    assert notes["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert int(notes["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 3600


def mounted_files(pod: dict) -> dict[str, tuple[str, str]]:
    """Path in the data folder → (ConfigMap, key), as the projected volume lays them out."""
    sources = pod["spec"]["volumes"][0]["projected"]["sources"]
    generated = {g["name"]: [Path(f).name for f in g["files"]]
                 for g in load("kustomization.yaml")["configMapGenerator"]}
    files = {}
    for source in sources:
        config = source["configMap"]
        items = config.get("items") or [{"key": k, "path": k} for k in generated[config["name"]]]
        files.update({item["path"]: (config["name"], item["key"]) for item in items})
    return files


def test_the_pods_see_the_bundled_data_folder_file_for_file(pod):
    kustomization = load("kustomization.yaml")
    generated = {g["name"]: {Path(f).name: K8S / f for f in g["files"]}
                 for g in kustomization["configMapGenerator"]}
    for name in kustomization["resources"]:
        assert (K8S / name).exists()
    mounted = mounted_files(pod)
    for path, (config, key) in mounted.items():
        assert generated[config][key].resolve() == (ROOT / "data" / path).resolve()
    bundled = {str(p.relative_to(ROOT / "data")) for p in (ROOT / "data").rglob("*")
               if p.is_file() and p.name != "README.md" and not p.name.startswith(".")}
    assert set(mounted) == bundled
