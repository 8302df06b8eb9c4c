/**
 * The LXC command layer (lxc-create, lxc-copy, lxc-start, lxc-attach, lxc-info, lxc-destroy), run locally or over
 * SSH; shared by LxcProvider and LxcEngine.
 */
package io.cloudrig.lxc;
