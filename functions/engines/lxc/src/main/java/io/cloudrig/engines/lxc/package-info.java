/** Rally's LxcEngine: a nested engine deployed into a first container per host, then cloned. */
package io.cloudrig.engines.lxc;
