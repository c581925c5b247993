//! Where runs are kept between reloads: IndexedDB, database `lockdesk`, a store `runs` (a run's
//! journal as JSON, by run id) and a store `steps` (one record per step, by its key, written at
//! every change of the step's state, so a long run is not rewritten whole each time). A write is
//! awaited until its transaction completes, so a step is on disk before it is sent. Nothing secret
//! is ever written: the journal holds ids, addresses, steps and plain answers.
//!
//! Also the run's Web Lock (`navigator.locks`, exclusive, `lockdesk-run-{id}`): only the tab that
//! holds it drives the run; another tab shows it and takes over when the lock comes free.

use offboard::journal::{Run, Step};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbKeyRange, IdbRequest, IdbTransactionMode};

const RUNS: &str = "runs";
const STEPS: &str = "steps";

fn text(e: JsValue) -> String {
    e.as_string()
        .or_else(|| e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())))
        .unwrap_or_else(|| "the browser's storage refused".into())
}

/// Waits for a request (or, with `complete`, its transaction) to finish.
async fn finished(req: &IdbRequest) -> Result<JsValue, String> {
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        req.set_onsuccess(Some(&resolve));
        req.set_onerror(Some(&reject));
    });
    JsFuture::from(promise).await.map_err(|_| "the browser's storage refused".to_string())?;
    req.result().map_err(text)
}

async fn open() -> Result<IdbDatabase, String> {
    let factory = web_sys::window().and_then(|w| w.indexed_db().ok().flatten()).ok_or("this browser keeps no runs")?;
    let request = factory.open_with_u32("lockdesk", 1).map_err(text)?;
    let upgrade = Closure::once_into_js(move |event: web_sys::Event| {
        let db = event.target().and_then(|t| t.dyn_into::<IdbRequest>().ok()).and_then(|r| r.result().ok());
        if let Some(db) = db.and_then(|d| d.dyn_into::<IdbDatabase>().ok()) {
            let _ = db.create_object_store(RUNS);
            let _ = db.create_object_store(STEPS);
        }
    });
    request.set_onupgradeneeded(Some(upgrade.unchecked_ref()));
    finished(&request).await?.dyn_into::<IdbDatabase>().map_err(|_| "the run store could not be opened".into())
}

/// Writes `value` under `key` in `store` and waits until it is stored.
async fn put(store: &str, key: &str, value: &str) -> Result<(), String> {
    let db = open().await?;
    let tx = db.transaction_with_str_and_mode(store, IdbTransactionMode::Readwrite).map_err(text)?;
    tx.object_store(store).map_err(text)?.put_with_key(&value.into(), &key.into()).map_err(text)?;
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        tx.set_oncomplete(Some(&resolve));
        tx.set_onerror(Some(&reject));
        tx.set_onabort(Some(&reject));
    });
    JsFuture::from(promise).await.map(|_| ()).map_err(|_| "the run could not be saved in this browser".into())
}

/// Saves the whole run (when it starts, pauses, ends).
pub async fn save_run(run: &Run) -> Result<(), String> {
    put(RUNS, &run.id, &run.to_json()).await
}

/// Saves one step of a run.
pub async fn save_step(step: &Step) -> Result<(), String> {
    let json = serde_json::to_string(step).map_err(|e| e.to_string())?;
    put(STEPS, &step.key, &json).await
}

/// The run `id` as last saved, its steps brought up to date; `Ok(None)` when there is none.
pub async fn load(id: &str) -> Result<Option<Run>, String> {
    let db = open().await?;
    let tx = db.transaction_with_str_sequence(&js_sys::Array::of2(&RUNS.into(), &STEPS.into())).map_err(text)?;
    let saved = finished(&tx.object_store(RUNS).map_err(text)?.get(&id.into()).map_err(text)?).await?;
    let Some(saved) = saved.as_string() else { return Ok(None) };
    let mut run = Run::from_json(&saved).map_err(|e| e.to_string())?;
    // Keys are `{run}.{account}.{step}`: every step of this run lies between `{run}.` and `{run}/`.
    let range = IdbKeyRange::bound(&format!("{id}.").into(), &format!("{id}/").into()).map_err(text)?;
    let steps = finished(&tx.object_store(STEPS).map_err(text)?.get_all_with_key(&range).map_err(text)?).await?;
    for value in js_sys::Array::from(&steps).iter() {
        if let Some(step) = value.as_string().and_then(|s| serde_json::from_str::<Step>(&s).ok()) {
            run.apply(step);
        }
    }
    Ok(Some(run))
}

/// The saved runs, newest first, as (id, created, state, accounts).
pub async fn runs() -> Result<Vec<Run>, String> {
    let db = open().await?;
    let tx = db.transaction_with_str(RUNS).map_err(text)?;
    let all = finished(&tx.object_store(RUNS).map_err(text)?.get_all().map_err(text)?).await?;
    let mut runs: Vec<Run> = js_sys::Array::from(&all)
        .iter()
        .filter_map(|v| v.as_string())
        .filter_map(|s| Run::from_json(&s).ok())
        .collect();
    runs.sort_by_key(|r| std::cmp::Reverse(r.created_ms));
    Ok(runs)
}

#[wasm_bindgen]
extern "C" {
    type LockManager;
    #[wasm_bindgen(method, js_name = request)]
    fn request(this: &LockManager, name: &str, options: &JsValue, callback: &js_sys::Function) -> js_sys::Promise;
}

/// Tries to take the run's lock without waiting. `Some(release)` when this tab now drives the run
/// (calling `release` lets the lock go); `None` when another tab holds it.
pub async fn try_lock(id: &str) -> Option<js_sys::Function> {
    let navigator = web_sys::window()?.navigator();
    let locks = js_sys::Reflect::get(&navigator, &"locks".into()).ok().filter(|l| !l.is_undefined())?;
    let locks: LockManager = locks.unchecked_into();
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"ifAvailable".into(), &JsValue::TRUE).ok()?;
    // The callback answers with a promise that lasts until `release` is called; it learns first
    // whether the lock was granted (`null` when another tab has it).
    let (granted_tx, granted_rx) = futures_channel::oneshot::channel::<Option<js_sys::Function>>();
    let granted_tx = std::cell::RefCell::new(Some(granted_tx));
    let callback = Closure::once_into_js(move |lock: JsValue| -> js_sys::Promise {
        let mut release = None;
        let held = js_sys::Promise::new(&mut |resolve, _| release = Some(resolve));
        let granted = if lock.is_null() { None } else { release };
        if let Some(tx) = granted_tx.borrow_mut().take() {
            let _ = tx.send(granted);
        }
        if lock.is_null() {
            js_sys::Promise::resolve(&JsValue::NULL)
        } else {
            held
        }
    });
    let _pending = locks.request(&format!("lockdesk-run-{id}"), &options, callback.unchecked_ref());
    granted_rx.await.ok().flatten()
}
