#!/usr/bin/env bash
# The snippets' sandbox on a GitHub runner (bubblewrap, src/hf_model_guide/engine/bubblewrap.py):
# with CI set, a build refuses to run snippets without it. Ubuntu 24.04 lets only programs with
# an AppArmor profile make the user namespaces it needs: the restriction is lifted for the job.
# Every job that may run a snippet calls this (tests/contributing checks it).
set -euo pipefail
sudo apt-get update -qq
sudo apt-get install -y -qq bubblewrap
sudo sysctl -qw kernel.apparmor_restrict_unprivileged_userns=0
