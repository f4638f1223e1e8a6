/* PgRecord: the PostgreSQL row type of lararust-orm, compiled.

   An asyncpg.Record subclass (asyncpg builds it directly through `record_class`) that also
   reads columns as attributes. Why C: asyncpg recycles only its own Record objects (a free
   list); a subclass written in Python is a heap type, so every row is a fresh allocation that
   counts toward the garbage collector's thresholds, and fetching 1,000 rows triggers young
   collections and, through the rows they promote, full collections of the whole heap. This
   type keeps its own free list the same way asyncpg does for Record: a freed row is kept
   (untracked, not counted) and handed back by the next allocation of the same length.

   It relies on CPython's allocation contract (`tp_alloc` returns a zeroed object holding one
   reference to its type, tracked by the garbage collector, as PyType_GenericAlloc does) and on
   how asyncpg 0.29-0.32 treat `record_class` subclasses (read from their sources, not a
   documented API): rows are allocated with `tp_alloc`, asyncpg fills every field itself, and
   its deallocator untracks the row and ends with `tp_free`; the row's reference to its type is
   released by asyncpg's deallocator or CPython's subtype_dealloc. The record layout this file
   touches (a variable-size GC object with room for one pointer after its header) is checked
   at import; anything else raises ImportError and the pure-Python class is used.
   The pure-Python class in _records.py is the fallback when this module is not built, and
   the reference for its behaviour. */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

/* The same bounds as asyncpg's own free list: records shorter than 20 columns, at most
   2,000 of each length (a 1,000-row fetch is recycled whole). */
#define MAX_SAVED_LENGTH 20
#define MAX_SAVED_PER_LENGTH 2000

/* Set once at import; the module keeps it alive for the life of the process. */
static PyTypeObject *PgRecord_Type;

/* Freed rows of each length, linked through the word after the object header. */
static PyObject *free_rows[MAX_SAVED_LENGTH];
static int free_counts[MAX_SAVED_LENGTH];

#define NEXT_FREE(op) (*(PyObject **)((char *)(op) + sizeof(PyVarObject)))

static PyObject *
pgrecord_alloc(PyTypeObject *type, Py_ssize_t length)
{
    PyObject *op;

    if (type == PgRecord_Type && length > 0 && length < MAX_SAVED_LENGTH
        && (op = free_rows[length]) != NULL)
    {
        free_rows[length] = NEXT_FREE(op);
        free_counts[length]--;
        /* What PyType_GenericAlloc hands out: zeroed fields, one reference, tracked. */
        memset((char *)op + sizeof(PyVarObject), 0,
               (size_t)type->tp_basicsize + (size_t)length * (size_t)type->tp_itemsize
                   - sizeof(PyVarObject));
        PyObject_InitVar((PyVarObject *)op, type, length);
        PyObject_GC_Track(op);
        return op;
    }
    return PyType_GenericAlloc(type, length);
}

static void
pgrecord_free(void *p)
{
    PyObject *op = (PyObject *)p;
    PyTypeObject *type = Py_TYPE(op);
    Py_ssize_t length = Py_SIZE(op);

    /* asyncpg's deallocator has untracked the row and released every field; the row's
       reference to its type is released by the deallocators (asyncpg's or CPython's
       subtype_dealloc, whichever owns it for the installed asyncpg), as for any subclass. */
    if (type == PgRecord_Type && length > 0 && length < MAX_SAVED_LENGTH
        && free_counts[length] < MAX_SAVED_PER_LENGTH)
    {
        NEXT_FREE(op) = free_rows[length];
        free_rows[length] = op;
        free_counts[length]++;
    }
    else {
        PyObject_GC_Del(p);
    }
}

/* Attribute access falls back to the columns: what the type defines (keys, items, get,
   to_dict...) wins, as with a Python `__getattr__`. */
static PyObject *
pgrecord_getattro(PyObject *self, PyObject *name)
{
    PyObject *value;

    if (_PyType_Lookup(Py_TYPE(self), name) != NULL) {
        return PyObject_GenericGetAttr(self, name);
    }
    value = PyObject_GetItem(self, name);
    if (value == NULL && PyErr_ExceptionMatches(PyExc_KeyError)) {
        PyErr_Clear();
        PyErr_Format(PyExc_AttributeError, "row has no column %R", name);
    }
    return value;
}

static PyObject *
pgrecord_to_dict(PyObject *self, PyObject *Py_UNUSED(ignored))
{
    PyObject *items, *result;

    items = PyObject_CallMethod(self, "items", NULL);
    if (items == NULL) {
        return NULL;
    }
    result = PyDict_New();
    if (result != NULL && PyDict_MergeFromSeq2(result, items, 1) < 0) {
        Py_CLEAR(result);
    }
    Py_DECREF(items);
    return result;
}

static PyMethodDef pgrecord_methods[] = {
    {"to_dict", pgrecord_to_dict, METH_NOARGS, PyDoc_STR("Return the row as a plain dict.")},
    {NULL, NULL, 0, NULL},
};

static PyType_Slot pgrecord_slots[] = {
    {Py_tp_doc, (void *)PyDoc_STR("An asyncpg.Record that also reads columns as attributes.")},
    {Py_tp_getattro, (void *)pgrecord_getattro},
    {Py_tp_methods, (void *)pgrecord_methods},
    {Py_tp_alloc, (void *)pgrecord_alloc},
    {Py_tp_free, (void *)pgrecord_free},
    {0, NULL},
};

/* Size, layout, deallocation, GC traversal and the mapping protocol are asyncpg's (sizes 0:
   inherited). Not subclassable: the free list holds rows of exactly this type. */
static PyType_Spec pgrecord_spec = {
    .name = "lararust_orm.PgRecord",
    .basicsize = 0,
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = pgrecord_slots,
};

static struct PyModuleDef pgrecord_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "lararust_orm._pgrecord",
    .m_doc = PyDoc_STR("PgRecord: asyncpg rows with attribute access and a free list."),
    .m_size = -1,
};

PyMODINIT_FUNC
PyInit__pgrecord(void)
{
    PyObject *asyncpg, *record, *type, *module;

    asyncpg = PyImport_ImportModule("asyncpg");
    if (asyncpg == NULL) {
        return NULL;
    }
    record = PyObject_GetAttrString(asyncpg, "Record");
    Py_DECREF(asyncpg);
    if (record == NULL) {
        return NULL;
    }
    /* The free list links rows through the word after the header, and its memset relies on
       a pointer-sized item size: refuse any other layout. */
    if (!PyType_Check(record)
        || !PyType_HasFeature((PyTypeObject *)record, Py_TPFLAGS_HAVE_GC)
        || ((PyTypeObject *)record)->tp_itemsize != (Py_ssize_t)sizeof(PyObject *)
        || ((PyTypeObject *)record)->tp_basicsize
               < (Py_ssize_t)(sizeof(PyVarObject) + sizeof(PyObject *)))
    {
        PyErr_SetString(PyExc_ImportError, "asyncpg.Record has a layout this build does not know");
        Py_DECREF(record);
        return NULL;
    }
    type = PyType_FromSpecWithBases(&pgrecord_spec, record);
    Py_DECREF(record);
    if (type == NULL) {
        return NULL;
    }
    module = PyModule_Create(&pgrecord_module);
    if (module == NULL) {
        Py_DECREF(type);
        return NULL;
    }
    /* One reference for the module attribute, one held here for the life of the process. */
    Py_INCREF(type);
    if (PyModule_AddObject(module, "PgRecord", type) < 0) {
        Py_DECREF(type);
        Py_DECREF(type);
        Py_DECREF(module);
        return NULL;
    }
    PgRecord_Type = (PyTypeObject *)type;
    return module;
}
