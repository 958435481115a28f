//! References (lowering): `$ref`s to `#/components/schemas/..`, resolved to the named type they
//! point at or, for a component written out where it is used (an alias), to what it lowers to,
//! once, however often it is used. Chains of references are bounded, and a loop is an error.

use super::{Component, Lowered, Lowerer, unescape};
use crate::diagnostics::error::ErrorKind;
use crate::diagnostics::pointer::Pointer;
use crate::ir::TypeRef;
use crate::lower::naming::type_name;
use openapiv3::{ReferenceOr, Schema};

/// Where schema components are, as `$ref`s write it.
pub(crate) const SCHEMA_PREFIX: &str = "#/components/schemas/";

/// How many schemas a chain of `$ref`s (or of `allOf`s) may pass through.
pub(crate) const MAX_REFERENCE_DEPTH: usize = 64;

impl<'a> Lowerer<'a> {
    /// The component name a schema `$ref` points at, or an error for any other kind of reference.
    fn component_key(&mut self, reference: &str, at: &Pointer) -> Option<String> {
        match reference.strip_prefix(SCHEMA_PREFIX) {
            Some(escaped) => Some(unescape(escaped)),
            None => {
                self.error(
                    ErrorKind::UnresolvedRef,
                    at,
                    format!(
                        "`{reference}`: only references to `{SCHEMA_PREFIX}...` are supported here"
                    ),
                );
                None
            }
        }
    }

    /// What a `$ref` lowers to: the named type it points at, or what its alias component is.
    pub(crate) fn resolve_schema_ref(&mut self, reference: &str, at: &Pointer) -> Option<Lowered> {
        let key = self.component_key(reference, at)?;
        let target = Pointer::from_ref(reference);
        match self.components.get(key.as_str()).cloned() {
            None => {
                self.error(
                    ErrorKind::UnresolvedRef,
                    at,
                    format!("`{reference}` points at nothing"),
                );
                None
            }
            Some(Component::Named(name)) => {
                let nullable = match self.schema_component(&key) {
                    Some(ReferenceOr::Item(schema)) => schema.schema_data.nullable,
                    _ => false,
                };
                Some(Lowered {
                    ty: TypeRef::Named(name),
                    nullable,
                    docs: None,
                    default: None,
                })
            }
            Some(Component::Alias) => self.resolve_component(&key, &target),
        }
    }

    /// The component schema with this (unescaped) name.
    pub(crate) fn schema_component(&self, key: &str) -> Option<&'a ReferenceOr<Schema>> {
        self.spec
            .components
            .as_ref()
            .and_then(|c| c.schemas.get(key))
    }

    /// Lowers an alias component once and remembers the result, so that inline types inside it
    /// are made once however often it is used; a chain of aliases that loops is an error.
    pub(crate) fn resolve_component(&mut self, key: &str, at: &Pointer) -> Option<Lowered> {
        if let Some(cached) = self.alias_cache.get(key) {
            return cached.clone();
        }
        let Some(schema) = self.schema_component(key) else {
            self.error(
                ErrorKind::UnresolvedRef,
                at,
                format!("no schema `{key}` in components"),
            );
            return None;
        };
        // Each link of a chain of references is a level of recursion here; a spec that chains
        // more than this many is refused rather than risking the stack.
        if self.alias_in_progress.len() >= MAX_REFERENCE_DEPTH {
            self.error(ErrorKind::Unsupported, at, format!("a chain of more than {MAX_REFERENCE_DEPTH} references from one schema to the next is not supported"));
            return None;
        }
        if let Some(&depth) = self.alias_in_progress.get(key) {
            if self.named_depth > depth {
                // An array or map component that recurses through a named type inside it
                // (`OrderItems: [{items: OrderItems}]`): well founded, but a type written out
                // where it is used cannot hold itself, so the inner use is any JSON value.
                self.warn(
                    at,
                    format!("schema `{key}` (an array or map, written out where it is used) contains itself"),
                    "`serde_json::Value` where it recurs",
                );
                return Some(Lowered::any());
            }
            self.error(
                ErrorKind::Invalid,
                at,
                format!("schema `{key}` is defined only in terms of itself"),
            );
            return None;
        }
        self.alias_in_progress
            .insert(key.to_owned(), self.named_depth);
        let own_at = Pointer::root().join("components").join("schemas").join(key);
        let lowered = self.lower_schema(schema.into(), &own_at, &type_name(key, "Schema"));
        self.alias_in_progress.remove(key);
        self.alias_cache.insert(key.to_owned(), lowered.clone());
        lowered
    }

    /// The schema a `#/components/schemas/..` reference names, following references to references.
    pub(crate) fn resolve_raw(&mut self, reference: &str, at: &Pointer) -> Option<&'a Schema> {
        let mut reference = reference.to_owned();
        for _ in 0..MAX_REFERENCE_DEPTH {
            let key = self.component_key(&reference, at)?;
            match self.schema_component(&key) {
                Some(ReferenceOr::Item(schema)) => return Some(schema),
                Some(ReferenceOr::Reference { reference: next }) => reference = next.clone(),
                None => {
                    self.error(
                        ErrorKind::UnresolvedRef,
                        at,
                        format!("`{reference}` points at nothing"),
                    );
                    return None;
                }
            }
        }
        self.error(
            ErrorKind::Invalid,
            at,
            format!("`{reference}` is a chain of references that does not end"),
        );
        None
    }

    /// The schema a union member is, following one reference (for looking at its properties).
    pub(crate) fn member_schema(&self, member: &'a ReferenceOr<Schema>) -> Option<&'a Schema> {
        match member {
            ReferenceOr::Item(schema) => Some(schema),
            ReferenceOr::Reference { reference } => {
                let key = unescape(reference.strip_prefix(SCHEMA_PREFIX)?);
                match self.schema_component(&key)? {
                    ReferenceOr::Item(schema) => Some(schema),
                    ReferenceOr::Reference { .. } => None,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostics::error::ErrorKind;
    use crate::ir::{Presence, TypeRef};
    use crate::lower::testing::{
        errors, field, lowered, lowered_with_warnings, named, strukt, type_names,
    };

    fn components(schemas: &str) -> String {
        format!("paths: {{}}\ncomponents:\n  schemas:\n{schemas}")
    }

    #[test]
    fn an_alias_component_used_twice_lowers_once() {
        let api = lowered(&components(
            "    Lines: {type: array, items: {type: object, properties: {sku: {type: string}}}}\n    Cart: {type: object, properties: {lines: {$ref: '#/components/schemas/Lines'}}}\n    Order: {type: object, properties: {lines: {$ref: '#/components/schemas/Lines'}}}\n",
        ));
        let lines = TypeRef::Array(Box::new(named("LinesItem")));
        assert_eq!(field(strukt(&api, "Cart"), "lines").ty, lines);
        assert_eq!(field(strukt(&api, "Order"), "lines").ty, lines);
        let mut names = type_names(&api);
        names.sort_unstable();
        assert_eq!(names, ["Cart", "LinesItem", "Order"]);
    }

    #[test]
    fn a_component_that_is_only_a_reference_to_itself_is_an_error() {
        assert_eq!(
            errors(&components("    A: {$ref: '#/components/schemas/A'}\n")),
            [(ErrorKind::Invalid, "#/components/schemas/A".to_owned())]
        );
    }

    #[test]
    fn a_reference_to_nothing_is_an_error() {
        let found = errors(&components(
            "    A: {type: object, properties: {b: {$ref: '#/components/schemas/Missing'}}}\n",
        ));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, ErrorKind::UnresolvedRef);
    }

    #[test]
    fn an_array_that_contains_itself_through_an_object_recurs_as_any() {
        let (api, warnings) = lowered_with_warnings(&components(
            "    Tree:\n      type: array\n      items:\n        type: object\n        properties:\n          children: {$ref: '#/components/schemas/Tree'}\n",
        ));
        assert_eq!(field(strukt(&api, "TreeItem"), "children").ty, TypeRef::Any);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].contains(
                "schema `Tree` (an array or map, written out where it is used) contains itself"
            ),
            "{warnings:?}"
        );
    }

    #[test]
    fn a_chain_of_aliases_resolves_to_the_end() {
        let api = lowered(&components(
            "    Id: {type: string, format: uuid}\n    CustomerId: {$ref: '#/components/schemas/Id'}\n    Holder: {type: object, properties: {c: {$ref: '#/components/schemas/CustomerId'}}}\n",
        ));
        assert_eq!(field(strukt(&api, "Holder"), "c").ty, TypeRef::Uuid);
    }

    #[test]
    fn a_reference_to_a_nullable_named_type_is_nullable() {
        let api = lowered(&components(
            "    Card: {type: object, nullable: true, properties: {last4: {type: string}}}\n    Holder: {type: object, required: [card], properties: {card: {$ref: '#/components/schemas/Card'}}}\n",
        ));
        let card = field(strukt(&api, "Holder"), "card");
        assert_eq!(
            (&card.ty, card.presence),
            (&named("Card"), Presence::RequiredNullable)
        );
    }
}
