/** XML-RPC (http://xmlrpc.com/spec.md) as Python 2 xmlrpclib speaks it: a codec and a client over the JDK's HttpClient. */
package io.cloudrig.xmlrpc;
