"""Deployment of our exporters: the container image (Dockerfile) and the Kubernetes sidecar manifests."""
