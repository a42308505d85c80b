#!/usr/bin/env bash
# The course's single-user image for Zero to JupyterHub, from the kit's binder/ folder (the
# same environment Binder builds), with repo2docker:  build-image.sh REGISTRY/oddk-course:TAG
# Needs Docker and `pip install jupyter-repo2docker`; not run on the kit's machines.
set -euo pipefail
image="${1:?say the image, e.g. registry.example.dk/oddk-course:2026-02}"
cd "$(dirname "$0")/../../.."
jupyter-repo2docker --no-run --user-id 1000 --user-name jovyan --image-name "$image" --push .
