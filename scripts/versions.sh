#!/usr/bin/env bash
# Versions more than one script pins, written once here. Sourced (from the project root) by
# scripts/local-setup.sh and scripts/metastore-local-test.sh.

# moto's server (PyPI moto[server]): the local stack's S3 and the metastore test's Secrets Manager.
# shellcheck disable=SC2034 # read by the scripts that source this file
MOTO_VERSION="5.2.5"
