/** Rally's LxcProvider: containers on the hosts of a nested host provider, recorded before they exist. */
package io.cloudrig.providers.lxc;
