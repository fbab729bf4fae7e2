package io.sluice.engine.embedded.template;

import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

import java.beans.FeatureDescriptor;
import java.util.Iterator;
import java.util.Optional;

/**
 * Sends {@code 'text'.method(...)} to {@link PythonStrings} before Jinjava's bean resolver can call a Java method
 * of the same name. Only method calls on strings are touched; every other lookup falls through to the next
 * resolver.
 */
final class StringMethodResolver extends ELResolver {

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
        if (!(base instanceof String s) || !(method instanceof String name)) {
            return null;
        }
        Optional<Object> result = PythonStrings.call(s, name, params == null ? new Object[0] : params);
        if (result.isEmpty()) {
            return null;
        }
        context.setPropertyResolved(true);
        return result.get();
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return null;
    }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
        return null;
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        return true;
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {
        // Read-only: assignments go to the resolvers after this one.
    }
}
