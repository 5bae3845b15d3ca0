// The German phrases Decap CMS 3.x lacks (its `de` locale is older than its `en` one).
//
// Without them Decap shows those controls in English: "Expand" and "Collapse" on every
// entry of a list of objects, the notes pane, the toasts about notes, the multi-file
// buttons. format.js registers `de` again, completed with these, before Decap starts.
// tests/test_admin_german.py compares the completed locale with Decap's `en`, key by key.

export const MISSING_GERMAN = {
  collection: {
    collectionTop: {
      viewAsList: "Listenansicht",
      viewAsGrid: "Kachelansicht",
    },
    entries: {
      unpublishedHeader: "Unveröffentlichte Einträge",
    },
  },
  editor: {
    editorControl: {
      field: {
        widgetLabel: "Feld %{widgetLabel}",
      },
    },
    editorInterface: {
      toggleNotes: "Notizen ein- oder ausblenden",
    },
    editorNotesPane: {
      title: "Notizen",
      emptyState: "Noch keine Notizen. Schreiben Sie unten die erste.",
      addNote: "Notiz hinzufügen",
      addPlaceholder: "Notiz schreiben …",
      editPlaceholder: "Notiz bearbeiten …",
      save: "Speichern",
      cancel: "Abbrechen",
      edit: "Bearbeiten",
      delete: "Löschen",
      resolve: "Als erledigt markieren",
      unresolve: "Wieder öffnen",
      confirmDelete: "Wollen Sie diese Notiz wirklich löschen?",
      shortcut: "Tipp: Mit Strg+Eingabe fügen Sie die Notiz gleich hinzu.",
    },
    editorWidgets: {
      markdown: {
        strikethrough: "Durchgestrichen",
        toggleMode: {
          rich: "Zur formatierten Ansicht wechseln",
          markdown: "Zur Markdown-Ansicht wechseln",
        },
      },
      image: {
        chooseMultiple: "Bilder auswählen",
        addMore: "Weitere Bilder hinzufügen",
        removeAll: "Alle Bilder entfernen",
      },
      file: {
        chooseMultiple: "Dateien auswählen",
        addMore: "Weitere Dateien hinzufügen",
        removeAll: "Alle Dateien entfernen",
      },
      datetime: {
        setToNow: "%{fieldLabel} auf jetzt setzen",
      },
      object: {
        expand: "Aufklappen",
        collapse: "Zuklappen",
      },
    },
  },
  mediaLibrary: {
    mediaLibraryModal: {
      close: "Schließen",
    },
  },
  ui: {
    settingsDropdown: {
      account: "Konto-Optionen",
    },
    toast: {
      noteAdded: "Notiz hinzugefügt",
      onFailToAddNote: "Die Notiz ließ sich nicht hinzufügen: %{details}",
      noteUpdated: "Notiz geändert",
      onFailToUpdateNote: "Die Notiz ließ sich nicht ändern: %{details}",
      noteDeleted: "Notiz gelöscht",
      onFailToDeleteNote: "Die Notiz ließ sich nicht löschen: %{details}",
      noteResolved: "Notiz als erledigt markiert",
      noteReopened: "Notiz wieder geöffnet",
      onFailToToggleNote: "Der Stand der Notiz ließ sich nicht ändern: %{details}",
    },
  },
};

function isObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

// `phrases` with every phrase of `missing` it does not have; its own phrases win.
export function completed(phrases, missing = MISSING_GERMAN) {
  const result = { ...phrases };
  for (const [key, value] of Object.entries(missing)) {
    if (isObject(value)) {
      result[key] = completed(isObject(result[key]) ? result[key] : {}, value);
    } else if (!(key in result)) {
      result[key] = value;
    }
  }
  return result;
}
