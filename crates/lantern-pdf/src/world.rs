//! A typst world with nothing from outside: the template and fonts are compiled into the
//! binary, the data is one JSON file in memory, and "today" is the document's build time.
//! Every document (pack, downtime report) uses the same world with its own template.

use std::sync::LazyLock;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// DejaVu Sans: wide coverage (Ł, Ọ, ŵ…), open letterforms that survive a photocopier.
/// Noto Emoji (monochrome, SIL OFL 1.1, fonts/LICENSE-NotoEmoji.txt) is the templates' second
/// font, for what DejaVu lacks: a name typed with an emoji ("Joy 🌻 Smith") prints its emoji,
/// in black like the text, instead of an empty box. It adds about 0.9 MB to the binary.
const FONT_FILES: &[&[u8]] = &[
    include_bytes!("../fonts/DejaVuSans.ttf"),
    include_bytes!("../fonts/DejaVuSans-Bold.ttf"),
    include_bytes!("../fonts/DejaVuSans-Oblique.ttf"),
    include_bytes!("../fonts/NotoEmoji-Regular.ttf"),
];

struct Fonts {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

static FONTS: LazyLock<Fonts> = LazyLock::new(|| {
    let fonts: Vec<Font> = FONT_FILES
        .iter()
        .flat_map(|bytes| Font::iter(Bytes::new(*bytes)))
        .collect();
    Fonts {
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        fonts,
    }
});

static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

/// One document to compile: a template and its data.
pub struct DocWorld {
    main: Source,
    data: Bytes,
    today: Option<Datetime>,
}

pub const DATA_PATH: &str = "/data.json";

fn file_id(path: &str) -> Option<FileId> {
    VirtualPath::new(path)
        .ok()
        .map(|vpath| FileId::new(RootedPath::new(VirtualRoot::Project, vpath)))
}

impl DocWorld {
    pub fn new(template: &str, data: Vec<u8>, today: Option<Datetime>) -> Option<Self> {
        let id = file_id("/main.typ")?;
        Some(DocWorld {
            main: Source::new(id, template.to_string()),
            data: Bytes::new(data),
            today,
        })
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(id.vpath().get_with_slash().into())
}

impl World for DocWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(not_found(id))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id.vpath().get_with_slash() == DATA_PATH {
            Ok(self.data.clone())
        } else {
            Err(not_found(id))
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        self.today
    }
}
