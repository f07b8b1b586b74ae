/**
 * The public API: build an {@link io.htcengine.api.Engine}, submit {@link io.htcengine.api.TaskSpec}s alone or in
 * {@link io.htcengine.api.Session}s, and follow them through {@link io.htcengine.api.TaskHandle}s. Every type here
 * is safe to use from any thread unless its documentation says otherwise.
 */
package io.htcengine.api;
