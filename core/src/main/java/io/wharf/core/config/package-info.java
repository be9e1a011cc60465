/**
 * Configuration: YAML like filebeat.yml, {@code ${ENV:default}} substitution, secrets that never
 * print, and errors that name file, line and key. Each command has its own root record (the
 * agent's, the shipper's, the autoscaler's); sections are records that implement
 * {@link io.wharf.core.config.Validated}.
 */
package io.wharf.core.config;
