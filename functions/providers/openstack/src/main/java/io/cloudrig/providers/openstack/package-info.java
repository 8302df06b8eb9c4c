/** Rally's OpenStackProvider: servers from an existing OpenStack cloud (Nova, Glance), recorded before they exist. */
package io.cloudrig.providers.openstack;
