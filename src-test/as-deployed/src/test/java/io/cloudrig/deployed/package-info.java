/** Tests of what is deployed: the Terraform wiring and the Lambda artifact as AWS runs it. */
package io.cloudrig.deployed;
