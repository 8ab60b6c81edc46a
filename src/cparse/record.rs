//! `struct`, `union` and `enum` specifiers: tags, forward declarations, bodies.
//!
//! As in LuaJIT, a tag names one type for the whole table: naming it again
//! refers to the same type, a forward declaration is completed in place by a
//! later body, and a second body is an error even if identical.

use super::declarator::Mode;
use super::error::{msg, printable, CParseError};
use super::keywords::Storage;
use super::lexer::Tok;
use super::parser::{PResult, Parser};
use super::specifier::Attrs;
use crate::ctype::{
    enum_underlying, layout_record, CKind, CType, CTypeId, CTypeTable, Declaration, MemberDecl, Name, RecordAttrs,
    RecordConstant, TagKind,
};

impl Parser<'_> {
    /// `struct`/`union` [attributes] [tag] [`{` members `}` [attributes]].
    pub(super) fn record(&mut self, is_union: bool) -> PResult<CTypeId> {
        // Members can be records: a level of nesting (decl_spec -> record ->
        // members -> decl_spec).
        self.enter()?;
        let id = self.record_inner(is_union)?;
        self.leave();
        Ok(id)
    }

    fn record_inner(&mut self, is_union: bool) -> PResult<CTypeId> {
        self.next()?;
        let mut attrs = Attrs::default();
        self.attributes(&mut attrs)?;
        let kind = if is_union { TagKind::Union } else { TagKind::Struct };
        let id = self.tag_ref(kind, |t, tag| {
            let kind = CKind::Record {
                tag,
                is_union,
                fields: Vec::new(),
                complete: false,
                size: 0,
                align: 1,
                packed: false,
                constants: Vec::new(),
            };
            t.intern(CType::new(kind))
        })?;
        if !self.is_punct("{") {
            return Ok(id);
        }
        self.begin_body(id)?;
        let (members, constants) = self.members()?;
        self.expect("}")?;
        self.attributes(&mut attrs)?;
        let ra = RecordAttrs { is_union, packed: attrs.packed, aligned: attrs.aligned, pack: self.current_pack() };
        let layout = layout_record(self.table, &members, &ra).ok_or_else(|| self.err_plain(msg::INVALID_SIZE))?;
        let tag = tag_of(self.table, id);
        let kind = CKind::Record {
            tag,
            is_union,
            fields: layout.fields,
            complete: true,
            size: layout.size,
            align: layout.align,
            packed: attrs.packed,
            constants,
        };
        self.table.complete(id, kind);
        self.check_depth(id)?;
        self.table.set_defining(id, false);
        Ok(id)
    }

    /// `enum` [attributes] [tag] [`{` enumerators `}` [attributes]].
    pub(super) fn enumeration(&mut self) -> PResult<CTypeId> {
        self.next()?;
        let mut attrs = Attrs::default();
        self.attributes(&mut attrs)?;
        let id = self.tag_ref(TagKind::Enum, |t, tag| {
            let kind = CKind::Enum { tag, underlying: CTypeId::UINT32, constants: Vec::new(), complete: false };
            t.intern(CType::new(kind))
        })?;
        if !self.is_punct("{") {
            return Ok(id);
        }
        self.begin_body(id)?;
        let mut constants: Vec<(String, i64)> = Vec::new();
        let mut value: i64 = 0;
        while !self.is_punct("}") {
            let Some(name) = self.peek_name() else { return Err(self.err_expected("'<identifier>'")) };
            if self.table.lookup_name(&name).is_some() {
                return Err(self.err_redefine(&name));
            }
            self.next()?;
            // gcc headers put attributes between the name and `=` (curl.h:
            // `CURLE_OBSOLETE __attribute__((deprecated("...")))= 4`).
            self.attributes(&mut Attrs::default())?;
            if self.accept("=")? {
                value = self.const_int()?;
            }
            let ty = constant_type(value);
            self.table.add_name(name.clone(), Name::Decl(Declaration::Constant { ty, value }));
            constants.push((name, value));
            value = value.wrapping_add(1);
            if !self.accept(",")? {
                break;
            }
        }
        self.expect("}")?;
        self.attributes(&mut attrs)?;
        let values: Vec<i64> = constants.iter().map(|c| c.1).collect();
        let underlying = enum_underlying(&values, attrs.packed);
        let tag = tag_of(self.table, id);
        self.table.complete(id, CKind::Enum { tag, underlying, constants, complete: true });
        self.table.set_defining(id, false);
        Ok(id)
    }

    /// The tag after `struct`/`union`/`enum`: the existing type, or a new
    /// incomplete one made by `make` (refused in type expressions). Without a
    /// tag, a `{` must follow and a new anonymous type is made.
    fn tag_ref(
        &mut self,
        kind: TagKind,
        make: impl FnOnce(&mut CTypeTable, Option<String>) -> CTypeId,
    ) -> PResult<CTypeId> {
        if self.is_punct("{") {
            return Ok(make(self.table, None));
        }
        let Some(tag) = self.peek_name() else { return Err(self.err_expected("'<identifier>'")) };
        let id = match self.table.lookup_tag(&tag) {
            Some(id) if self.table.tag_kind(id) == Some(kind) => id,
            Some(_) => return Err(self.err_redefine(&tag)),
            None if !self.implicit_tags => {
                return Err(self.err_plain(&format!("undeclared or implicit tag '{}'", printable(&tag))));
            }
            None => {
                let id = make(self.table, Some(tag.clone()));
                self.table.add_tag(tag, id);
                id
            }
        };
        self.next()?;
        Ok(id)
    }

    /// Consumes the `{` of a body for `id`, refusing a second body.
    fn begin_body(&mut self, id: CTypeId) -> PResult<()> {
        let complete =
            matches!(self.table.kind(id), CKind::Record { complete: true, .. } | CKind::Enum { complete: true, .. });
        if complete || self.table.is_defining(id) {
            let name = tag_of(self.table, id).unwrap_or_default();
            return Err(self.err_redefine(&name));
        }
        self.table.set_defining(id, true);
        self.next()
    }

    /// Member declarations up to (not including) the `}`, and the `static
    /// const` members among them.
    fn members(&mut self) -> PResult<(Vec<MemberDecl>, Vec<RecordConstant>)> {
        let mut members = Vec::new();
        let mut constants = Vec::new();
        // Set after a `[?]`/`[]` member, which must be the last.
        let mut closed = false;
        loop {
            if self.take_pack()? || self.accept(";")? {
                continue;
            }
            match self.peek() {
                Tok::Punct("}") => return Ok((members, constants)),
                Tok::Eof => return Err(self.err_expected("'}'")),
                _ => {}
            }
            if closed {
                return Err(self.err_expected("'}'"));
            }
            let spec = self.decl_spec(&[Storage::Static])?;
            if spec.storage == Some(Storage::Static) {
                self.static_members(spec.ty, &mut constants)?;
                continue;
            }
            if spec.tag_only && self.is_punct(";") {
                // As in LuaJIT, a struct or union without a declarator is an
                // unnamed member whose members are reached through it, tagged
                // or not (`struct { struct foo; }`); an enum takes no space,
                // and its enumerators are constants of the record too
                // (`struct s { enum { K = 1 }; }` has `s.K`).
                if self.is_transparent(spec.ty)? {
                    members.push(member(None, spec.ty, None, &spec.attrs));
                } else if let CKind::Enum { constants: enumerators, .. } = self.table.kind(spec.ty) {
                    constants.extend(enumerators.iter().map(|(name, value)| RecordConstant {
                        name: name.clone(),
                        ty: constant_type(*value),
                        value: *value,
                    }));
                }
                self.next()?;
                continue;
            }
            loop {
                if closed {
                    return Err(self.err_expected("'}'"));
                }
                let mut attrs = spec.attrs.for_declarator();
                let node = self.declarator(Mode::EITHER, &mut attrs)?;
                let bits = if self.accept(":")? { Some(self.const_size()?) } else { None };
                self.attributes(&mut attrs)?;
                let ty = self.resolve(spec.ty, &node, &attrs)?;
                let name = node.name().map(str::to_string);
                match bits {
                    Some(width) => self.check_bitfield(ty, width, name.is_some())?,
                    None if name.is_none() => {
                        if self.is_transparent(ty)? {
                            members.push(member(None, ty, None, &attrs));
                        }
                        if !self.accept(",")? {
                            break;
                        }
                        continue;
                    }
                    None => {
                        closed = matches!(self.table.kind(ty), CKind::Array { .. }) && self.table.size_of(ty).is_none()
                    }
                }
                members.push(member(name, ty, bits, &attrs));
                if !self.accept(",")? {
                    break;
                }
            }
            self.expect(";")?;
        }
    }

    /// Whether an unnamed member of type `ty` is one (a struct or union that
    /// is not variable-length) or declares nothing (an enum); anything else
    /// needs a name.
    fn is_transparent(&self, ty: CTypeId) -> PResult<bool> {
        match self.table.kind(ty) {
            CKind::Record { .. } if !self.table.is_vla(ty) => Ok(true),
            CKind::Enum { .. } => Ok(false),
            _ => Err(self.err_expected("'<identifier>'")),
        }
    }

    /// `static const int K = 1, L = 2;` inside a record (the specifiers read).
    fn static_members(&mut self, base: CTypeId, constants: &mut Vec<RecordConstant>) -> PResult<()> {
        loop {
            let mut attrs = Attrs::default();
            let node = self.declarator(Mode::DIRECT, &mut attrs)?;
            let ty = self.resolve(base, &node, &attrs)?;
            let value = self.const_init(ty)?;
            let name = node.name().unwrap_or_default().to_string();
            constants.push(RecordConstant { name, ty, value });
            if !self.accept(",")? {
                return self.expect(";");
            }
        }
    }

    /// A bitfield must have an integer type wide enough; a zero width has no name.
    fn check_bitfield(&self, ty: CTypeId, width: u32, named: bool) -> PResult<()> {
        let max = match self.table.kind(ty) {
            CKind::Bool => 1,
            CKind::Int { size, .. } => *size as u32 * 8,
            CKind::Enum { complete: true, underlying, .. } => self.table.size_of(*underlying).unwrap_or(0) as u32 * 8,
            _ => 0,
        };
        if max == 0 || width > max || (width == 0 && named) {
            return Err(bad_width(self));
        }
        Ok(())
    }
}

fn bad_width(p: &Parser<'_>) -> CParseError {
    // LuaJIT reports bitfield errors near the `:`, whatever comes next.
    CParseError::new(msg::BAD_VALUE, Some(":"), p.err_plain("").line())
}

fn member(name: Option<String>, ty: CTypeId, bits: Option<u32>, attrs: &Attrs) -> MemberDecl {
    MemberDecl { name, ty, bits, aligned: attrs.aligned, packed: attrs.packed }
}

fn tag_of(table: &CTypeTable, id: CTypeId) -> Option<String> {
    match table.kind(id) {
        CKind::Record { tag, .. } | CKind::Enum { tag, .. } => tag.clone(),
        _ => None,
    }
}

/// The type of an enumerator: `int`, or as wide as its value needs.
fn constant_type(v: i64) -> CTypeId {
    if i32::try_from(v).is_ok() {
        CTypeId::INT32
    } else if u32::try_from(v).is_ok() {
        CTypeId::UINT32
    } else {
        CTypeId::INT64
    }
}
