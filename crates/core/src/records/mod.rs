//! Typed records: each table stated once, with `record!`, as a struct whose fields name their
//! columns. From that one statement come the table's field enum, its column list, reading a
//! row by column name and the values an insert writes, so that the schema, the reads and the
//! writes cannot drift apart (a test holds every record against the migrated schema).
//!
//! This module knows no table: the model states its records, and the store its own (the
//! change log, sync's state and conflicts, the reports written), with the machinery below.

use rusqlite::types::{FromSql, ToSql, ToSqlOutput, Value, ValueRef};
use rusqlite::{Connection, Row};

/// A struct stored as one row of a table.
pub trait Record: Sized {
    /// The typed names of the record's stored fields.
    type Field: Copy + Eq + std::hash::Hash + std::fmt::Debug + 'static;
    /// The table's name.
    const TABLE: &'static str;
    /// The column holding the id of the engagement a row belongs to, which the struct does
    /// not hold (its place decides it); `None` where the table has no such column.
    const OWNER: Option<&'static str>;
    /// The column that names a record, for messages; `None` where none does.
    const NAME_COLUMN: Option<&'static str>;
    /// The columns of the struct's stored fields, in their order.
    const COLUMNS: &'static [&'static str];
    /// The stored fields' typed names, in the order of `COLUMNS`.
    const FIELDS: &'static [Self::Field];

    /// The record in `row`, its fields read by their columns' names.
    fn from_row(row: &Row) -> rusqlite::Result<Self>;

    /// The stored fields' values, in the order of `COLUMNS`.
    fn values(&self) -> rusqlite::Result<Vec<ToSqlOutput<'_>>>;

    /// What `field`'s value is to a reader, as the record states it.
    fn field_kind(field: Self::Field) -> FieldKind;

    /// Every column of the table: the owner's, then the struct's.
    fn all_columns() -> Vec<&'static str> {
        Self::OWNER.into_iter().chain(Self::COLUMNS.iter().copied()).collect()
    }

    /// The stored field whose column is `column`; `None` for the owner's column and for a
    /// name the record does not know.
    fn field(column: &str) -> Option<Self::Field> {
        Self::COLUMNS.iter().position(|c| *c == column).map(|i| Self::FIELDS[i])
    }

    /// The record's free texts (`FieldKind::Name`) that hold `name` exactly.
    fn texts_holding(&self, name: &str) -> Vec<Self::Field> {
        let is_name = |field: &Self::Field| Self::field_kind(*field) == FieldKind::Name;
        if !Self::FIELDS.iter().any(is_name) {
            return Vec::new();
        }
        let Ok(values) = self.values() else { return Vec::new() };
        let fields = Self::FIELDS.iter().zip(&values);
        let holding = fields.filter(|(field, value)| is_name(field) && holds_text(value, name));
        holding.map(|(field, _)| *field).collect()
    }

    /// The record's key: its `id` column's value, where it has one.
    fn key(&self) -> Option<String> {
        let at = Self::COLUMNS.iter().position(|column| *column == "id")?;
        match owned(self.values().ok()?.swap_remove(at)).ok()? {
            Value::Text(id) => Some(id),
            _ => None,
        }
    }

    /// Each stored field's column with its value, as an edit of the row writes them.
    fn column_values(&self) -> rusqlite::Result<Vec<(&'static str, Value)>> {
        let values = self.values()?.into_iter().map(owned);
        Self::COLUMNS.iter().copied().zip(values).map(|(c, v)| Ok((c, v?))).collect()
    }
}

/// Whether `value` is the text `text`.
fn holds_text(value: &ToSqlOutput, text: &str) -> bool {
    match value {
        ToSqlOutput::Borrowed(ValueRef::Text(held)) => *held == text.as_bytes(),
        ToSqlOutput::Owned(Value::Text(held)) => held == text,
        _ => false,
    }
}

/// How a field's value is stored in its column and read back.
pub trait Codec<T> {
    fn read(row: &Row, column: &str) -> rusqlite::Result<T>;
    fn write(value: &T) -> rusqlite::Result<ToSqlOutput<'_>>;
}

/// Stored as SQLite stores the type itself.
pub struct Plain;

impl<T: FromSql + ToSql> Codec<T> for Plain {
    fn read(row: &Row, column: &str) -> rusqlite::Result<T> {
        row.get(column)
    }

    fn write(value: &T) -> rusqlite::Result<ToSqlOutput<'_>> {
        value.to_sql()
    }
}

/// An optional text held as a plain `String`: NULL reads as empty, and empty is stored as
/// NULL, as the forms store it, so that two copies of a record are equal value for value
/// (which sync compares).
pub struct Blank;

impl Codec<String> for Blank {
    fn read(row: &Row, column: &str) -> rusqlite::Result<String> {
        Ok(row.get::<_, Option<String>>(column)?.unwrap_or_default())
    }

    fn write(value: &String) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match value.as_str() {
            "" => ToSqlOutput::Borrowed(ValueRef::Null),
            text => ToSqlOutput::from(text),
        })
    }
}

/// What a field's value is to a reader, stated where the record declares the field
/// (`[Reference]`…): how the detail pane and the history show it, and which texts a
/// person's rename reaches (`[Name]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// Shown as it is.
    Plain,
    /// A key or an order, which means nothing to the user: not shown.
    Hidden,
    /// The id of another record: shown by that record's name.
    Reference,
    /// A word of a fixed set, stored with `_` between words.
    Word,
    /// A moment as the log stores it (UTC): shown in local time.
    Timestamp,
    /// An amount in the engagement's currency.
    Money,
    /// A free text where a person's name may stand beside other names ("Client IT", a
    /// vendor): renaming the person renames it where it holds exactly the old name.
    Name,
}

/// A value an edit gives a field, as the app states it: no SQL type in sight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldValue {
    Null,
    Integer(i64),
    Text(String),
}

impl FieldValue {
    pub fn text(text: &str) -> FieldValue {
        FieldValue::Text(text.into())
    }

    /// A yes or no, in the form a `bool` field is stored (1 or 0).
    pub fn yes_no(yes: bool) -> FieldValue {
        FieldValue::Integer(yes.into())
    }

    /// The value as SQLite stores it.
    pub(crate) fn to_sql(&self) -> Value {
        match self {
            FieldValue::Null => Value::Null,
            FieldValue::Integer(n) => Value::Integer(*n),
            FieldValue::Text(text) => Value::Text(text.clone()),
        }
    }
}

/// A value to be written, owned.
fn owned(output: ToSqlOutput<'_>) -> rusqlite::Result<Value> {
    match output {
        ToSqlOutput::Borrowed(value) => Ok(Value::try_from(value)?),
        ToSqlOutput::Owned(value) => Ok(value),
        _ => Err(rusqlite::Error::ToSqlConversionFailure("not a plain value".into())),
    }
}

/// The columns of `R`, comma-separated, for a SELECT.
pub fn select_list<R: Record>() -> String {
    R::COLUMNS.join(", ")
}

/// Inserts `records`, owned by the engagement `engagement_id` where the table says whose
/// rows are whose.
pub fn insert_all<R: Record>(
    conn: &Connection,
    engagement_id: &str,
    records: &[R],
) -> rusqlite::Result<()> {
    let mut statement = conn.prepare_cached(&insert_sql::<R>("INSERT"))?;
    let owner = R::OWNER.map(|_| ToSqlOutput::from(engagement_id));
    for record in records {
        statement
            .execute(rusqlite::params_from_iter(owner.iter().cloned().chain(record.values()?)))?;
    }
    Ok(())
}

/// Writes `record` of a table without an owner, replacing the row with the same key. Only
/// for tables no trigger or reference watches: a replace deletes the row it replaces.
pub fn replace<R: Record>(conn: &Connection, record: &R) -> rusqlite::Result<()> {
    debug_assert!(R::OWNER.is_none(), "{} has an owner", R::TABLE);
    conn.prepare_cached(&insert_sql::<R>("INSERT OR REPLACE"))?
        .execute(rusqlite::params_from_iter(record.values()?))?;
    Ok(())
}

/// `VERB INTO table (columns) VALUES (?1, …)` for `R`'s columns.
fn insert_sql<R: Record>(verb: &str) -> String {
    let columns = R::all_columns();
    let marks: Vec<String> = (1..=columns.len()).map(|i| format!("?{i}")).collect();
    format!("{verb} INTO {} ({}) VALUES ({})", R::TABLE, columns.join(", "), marks.join(", "))
}

/// Declares a record: the struct, with each field's typed name (its variant in the field
/// enum), its `FieldKind` where it is not `Plain`, its column where the name differs, and
/// its codec where it is not `Plain`; the table, the column naming its engagement, and the
/// field naming a record. Fields in `derived` are read from the row by a function and
/// never written.
///
/// ```ignore
/// record! {
///     /// A card of the board.
///     pub struct Task: TaskField in "task", owned by "engagement_id", named by Title {
///         Id id: String [Hidden],
///         Title title: String,
///         Status status: TaskStatus [Word],
///         Trigger trigger: String = "trigger_event" as Blank,
///     }
/// }
/// ```
macro_rules! record {
    (
        $(#[$meta:meta])*
        pub struct $name:ident: $fields:ident in $table:literal
            $(, owned by $owner:literal)? $(, named by $named:ident)? {
            $($(#[$field_meta:meta])* $variant:ident $field:ident: $ty:ty
                $([$kind:ident])? $(= $column:literal)? $(as $codec:ty)?),+ $(,)?
        }
        $(derived {
            $($(#[$derived_meta:meta])* $derived:ident: $derived_ty:ty = $read:path),+ $(,)?
        })?
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        pub struct $name {
            $($(#[$field_meta])* pub $field: $ty,)+
            $($($(#[$derived_meta])* pub $derived: $derived_ty,)+)?
        }

        /// The typed names of the record's stored fields.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $fields {
            $($variant),+
        }

        impl $fields {
            /// The field's column.
            pub const fn column(self) -> &'static str {
                match self {
                    $($fields::$variant => $crate::records::record!(@column $field $($column)?)),+
                }
            }

            /// What the field's value is to a reader.
            pub const fn kind(self) -> $crate::records::FieldKind {
                match self {
                    $($fields::$variant => $crate::records::record!(@kind $($kind)?)),+
                }
            }
        }

        impl $crate::records::Record for $name {
            type Field = $fields;
            const TABLE: &'static str = $table;
            const OWNER: Option<&'static str> = $crate::records::record!(@option $($owner)?);
            const NAME_COLUMN: Option<&'static str> =
                $crate::records::record!(@option $($fields::$named.column())?);
            const COLUMNS: &'static [&'static str] =
                &[$($crate::records::record!(@column $field $($column)?)),+];
            const FIELDS: &'static [$fields] = &[$($fields::$variant),+];

            fn from_row(row: &rusqlite::Row) -> rusqlite::Result<Self> {
                Ok($name {
                    $($field: <$crate::records::record!(@codec $($codec)?)
                        as $crate::records::Codec<$ty>>::read(
                        row,
                        $crate::records::record!(@column $field $($column)?),
                    )?,)+
                    $($($derived: $read(row)?,)+)?
                })
            }

            fn values(&self) -> rusqlite::Result<Vec<rusqlite::types::ToSqlOutput<'_>>> {
                Ok(vec![$(<$crate::records::record!(@codec $($codec)?)
                    as $crate::records::Codec<$ty>>::write(&self.$field)?),+])
            }

            fn field_kind(field: $fields) -> $crate::records::FieldKind {
                field.kind()
            }
        }
    };
    (@column $field:ident) => { stringify!($field) };
    (@column $field:ident $column:literal) => { $column };
    (@kind) => { $crate::records::FieldKind::Plain };
    (@kind $kind:ident) => { $crate::records::FieldKind::$kind };
    (@codec) => { $crate::records::Plain };
    (@codec $codec:ty) => { $codec };
    (@option) => { None };
    (@option $value:expr) => { Some($value) };
}
pub(crate) use record;
