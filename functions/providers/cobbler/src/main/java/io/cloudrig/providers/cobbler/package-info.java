/**
 * Rally's CobblerProvider: bare-metal systems from a Cobbler server (XML-RPC), re-installed by netboot, released
 * by a policy.
 */
package io.cloudrig.providers.cobbler;
