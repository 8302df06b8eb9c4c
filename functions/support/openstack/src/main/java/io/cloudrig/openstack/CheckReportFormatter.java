package io.cloudrig.openstack;

import java.util.ArrayList;
import java.util.List;

/** Plain-text tables for {@code cloudrig deployment check}: identities, then the service catalog. */
public final class CheckReportFormatter {
    private CheckReportFormatter() {
    }

    /** Both tables, separated by a blank line; the catalog only when an identity got one. */
    public static String format(CheckReport report) {
        String identities = identitiesTable(report.identities());
        return report.catalog().isEmpty() ? identities : identities + "\n" + catalogTable(report.catalog());
    }

    /** {@code role | username | project | auth_url | status}. */
    public static String identitiesTable(List<IdentityCheck> identities) {
        List<String[]> rows = new ArrayList<>();
        for (IdentityCheck i : identities) {
            rows.add(new String[]{i.role().name().toLowerCase(), i.username(), nz(i.project()), i.authUrl(),
                    i.ok() ? "ok" : "FAILED (" + i.error() + "): " + i.message()});
        }
        return table(new String[]{"role", "username", "project", "auth_url", "status"}, rows);
    }

    /** {@code service | type | interface | URL}, as Rally's {@code deployment check} printed it. */
    public static String catalogTable(List<CatalogEntry> catalog) {
        List<String[]> rows = new ArrayList<>();
        for (CatalogEntry e : catalog) {
            rows.add(new String[]{nz(e.serviceName()), e.serviceType(), e.interfaceName(), e.url()});
        }
        return table(new String[]{"service", "type", "interface", "URL"}, rows);
    }

    static String table(String[] header, List<String[]> rows) {
        int[] w = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            w[i] = header[i].length();
        }
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        String rule = rule(w);
        sb.append(rule).append(line(header, w)).append(rule);
        for (String[] r : rows) {
            sb.append(line(r, w));
        }
        sb.append(rule);
        return sb.toString();
    }

    private static String rule(int[] w) {
        StringBuilder sb = new StringBuilder("+");
        for (int x : w) {
            sb.append("-".repeat(x + 2)).append('+');
        }
        return sb.append('\n').toString();
    }

    private static String line(String[] cells, int[] w) {
        StringBuilder sb = new StringBuilder("|");
        for (int i = 0; i < w.length; i++) {
            String c = cells[i];
            sb.append(' ').append(c).append(" ".repeat(w[i] - c.length())).append(" |");
        }
        return sb.append('\n').toString();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
