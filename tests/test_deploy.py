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


def generated() -> dict[str, set[Path]]:
    """ConfigMap name → the files kustomize makes it from."""
    return {g["name"]: {(K8S / f).resolve() for f in g["files"]}
            for g in load("kustomization.yaml")["configMapGenerator"]}


def test_the_config_maps_hold_the_plan_every_activity_file_and_every_scenario():
    data = ROOT / "data"
    maps = generated()
    assert maps["srrp-data"] == {(data / "plan_2021.yaml").resolve(),
                                 *(p.resolve() for p in data.glob("*_activities.csv"))}
    assert maps["srrp-scenarios"] == {p.resolve() for p in (data / "scenarios").glob("*.yaml")}
    for name in load("kustomization.yaml")["resources"]:
        assert (K8S / name).exists()


def test_the_pods_read_the_image_data_with_the_config_maps_copied_over_it(pod):
    volumes = {v["name"]: v for v in pod["spec"]["volumes"]}
    init, app = pod["spec"]["initContainers"][0], pod["spec"]["containers"][0]
    mounts = {m["name"]: m["mountPath"] for m in init["volumeMounts"]}
    data_dir = next(e["value"] for e in app["env"] if e["name"] == "SRRP_DATA_DIR")
    assert {m["name"]: m["mountPath"] for m in app["volumeMounts"]} == {"data": data_dir}
    assert mounts["data"] == data_dir and "emptyDir" in volumes["data"]
    command = " ".join(init["command"])
    for name, path in mounts.items():
        if name == "data":
            continue
        assert volumes[name]["configMap"]["name"] in generated()
        assert f"{path}/*" in command  # each ConfigMap is copied into the data folder
    assert f"/app/data/. {data_dir}/" in command  # over the reference data of the image
