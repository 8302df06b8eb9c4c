package io.cloudrig.providers.virsh;

import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a template domain's XML into a clone's: new name, no {@code <uuid>}, no runtime {@code id}, no interface MAC
 * addresses (libvirt generates fresh ones), no interface target device names. Disks are referenced as they are, not
 * copied (see docs/providers/virsh.md).
 */
final class DomainXml {
    private DomainXml() {
    }

    static String cloneOf(String templateXml, String templateName, String cloneName) {
        Document doc = parse(templateXml, templateName);
        Element root = doc.getDocumentElement();
        if (!"domain".equals(root.getTagName())) {
            throw new CloudrigException(ErrorCode.INVALID_CONFIG, VirshProviderFactory.NAME + ": template '" + templateName
                    + "': expected a <domain> document but found <" + root.getTagName() + ">");
        }
        root.removeAttribute("id");
        for (Element uuid : children(root, "uuid")) {
            root.removeChild(uuid);
        }
        List<Element> names = children(root, "name");
        Element name;
        if (names.isEmpty()) {
            name = doc.createElement("name");
            root.insertBefore(name, root.getFirstChild());
        } else {
            name = names.get(0);
        }
        name.setTextContent(cloneName);
        for (Element devices : children(root, "devices")) {
            for (Element iface : children(devices, "interface")) {
                for (Element mac : children(iface, "mac")) {
                    iface.removeChild(mac);
                }
                for (Element target : children(iface, "target")) {
                    iface.removeChild(target);
                }
                for (Element alias : children(iface, "alias")) {
                    iface.removeChild(alias);
                }
            }
        }
        return write(doc, templateName);
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element && tag.equals(((Element) n).getTagName())) {
                out.add((Element) n);
            }
        }
        return out;
    }

    private static Document parse(String xml, String templateName) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            return f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        } catch (Exception e) {
            throw new CloudrigException(ErrorCode.PROVIDER_FAILED, VirshProviderFactory.NAME + ": template '" + templateName
                    + "': cannot parse its domain XML (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static String write(Document doc, String templateName) {
        try {
            var t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter w = new StringWriter();
            t.transform(new DOMSource(doc), new StreamResult(w));
            return w.toString();
        } catch (Exception e) {
            throw new CloudrigException(ErrorCode.INTERNAL, VirshProviderFactory.NAME + ": template '" + templateName
                    + "': cannot write the clone's XML", e);
        }
    }
}
