package dev.sluice.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.iam.IRole;

/**
 * The IAM statements attached to one role in a synthesized template, with resources rendered as text
 * ({@code {"Ref": "AWS::Partition"}} becomes {@code ${AWS::Partition}}, other references {@code ${LogicalId}} or
 * {@code ${Import:<export>}}), so tests can assert exact actions on exact ARNs.
 */
final class PolicyStatements {

    record Statement(List<String> actions, List<String> resources, Object condition) {
        boolean allows(String action, String resource) {
            return actions.contains(action) && resources.contains(resource);
        }
    }

    private PolicyStatements() {
    }

    @SuppressWarnings("unchecked")
    static List<Statement> of(Template template, Stack stack, IRole role) {
        String roleId = stack.getLogicalId((CfnElement) role.getNode().getDefaultChild());
        Map<String, Object> resources = (Map<String, Object>) template.toJSON().get("Resources");
        List<Statement> result = new ArrayList<>();
        for (Object value : resources.values()) {
            Map<String, Object> resource = (Map<String, Object>) value;
            if (!"AWS::IAM::Policy".equals(resource.get("Type"))) {
                continue;
            }
            Map<String, Object> props = (Map<String, Object>) resource.get("Properties");
            List<Object> roles = (List<Object>) props.get("Roles");
            if (roles == null || roles.stream().noneMatch(r -> roleId.equals(((Map<String, Object>) r).get("Ref")))) {
                continue;
            }
            Map<String, Object> document = (Map<String, Object>) props.get("PolicyDocument");
            for (Object s : (List<Object>) document.get("Statement")) {
                Map<String, Object> statement = (Map<String, Object>) s;
                if (!"Allow".equals(statement.get("Effect"))) {
                    continue;
                }
                result.add(new Statement(strings(statement.get("Action")), renderAll(statement.get("Resource")),
                        statement.get("Condition")));
            }
        }
        return result;
    }

    /** Every (action, resource) pair granted, as "action on resource". */
    static List<String> grants(List<Statement> statements) {
        List<String> grants = new ArrayList<>();
        for (Statement s : statements) {
            for (String a : s.actions()) {
                for (String r : s.resources()) {
                    grants.add(a + " on " + r);
                }
            }
        }
        return grants;
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object value) {
        return value instanceof List<?> list ? (List<String>) list : List.of((String) value);
    }

    private static List<String> renderAll(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(v -> out.add(render(v)));
        } else {
            out.add(render(value));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static String render(Object value) {
        if (value instanceof String s) {
            return s;
        }
        Map<String, Object> map = (Map<String, Object>) value;
        if (map.containsKey("Ref")) {
            return "${" + map.get("Ref") + "}";
        }
        if (map.containsKey("Fn::ImportValue")) {
            return "${Import:" + map.get("Fn::ImportValue") + "}";
        }
        if (map.containsKey("Fn::GetAtt")) {
            return "${" + String.join(".", (List<String>) map.get("Fn::GetAtt")) + "}";
        }
        if (map.containsKey("Fn::Join")) {
            List<Object> join = (List<Object>) map.get("Fn::Join");
            StringBuilder sb = new StringBuilder();
            List<Object> parts = (List<Object>) join.get(1);
            for (int i = 0; i < parts.size(); i++) {
                if (i > 0) {
                    sb.append((String) join.get(0));
                }
                sb.append(render(parts.get(i)));
            }
            return sb.toString();
        }
        return map.toString();
    }
}
