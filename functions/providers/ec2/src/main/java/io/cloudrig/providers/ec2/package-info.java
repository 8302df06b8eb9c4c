/** Amazon EC2 servers on the AWS SDK v2, recorded before they exist, idempotent by ClientToken. */
package io.cloudrig.providers.ec2;
