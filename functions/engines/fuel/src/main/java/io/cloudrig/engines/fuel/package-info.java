/**
 * Rally's FuelEngine: an OpenStack cluster deployed by a Fuel master over its Nailgun API, recorded before it
 * exists.
 */
package io.cloudrig.engines.fuel;
