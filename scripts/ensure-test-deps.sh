#!/usr/bin/env bash
# Installs what the tests need when it is missing: Debian's chromium (browser and e2e tests),
# nginx (a real HTTP backend), etcd-server and dnsmasq (discovery), libkrb5-dev (code-server's
# native build), then code-server for the e2e tests. Idempotent: a warm machine does nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/sbin/nginx ] || need+=(nginx)
command -v etcd >/dev/null 2>&1 || need+=(etcd-server)
command -v dnsmasq >/dev/null 2>&1 || [ -x /usr/sbin/dnsmasq ] || need+=(dnsmasq)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need+=(libkrb5-dev)

if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "The tests need these Debian packages: ${need[*]}. Install them as root: apt-get install -y ${need[*]}" >&2
    exit 1
  fi
  echo "installing ${need[*]} (Debian packages the tests use)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  # Debian starts these services on install; the tests start their own on loopback ports.
  for svc in nginx etcd dnsmasq; do (service "$svc" stop >/dev/null 2>&1 || true); done
fi

if [ -f scripts/ensure-code-server.sh ]; then
  bash scripts/ensure-code-server.sh
fi
