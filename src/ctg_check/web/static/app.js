// ctg-check serve: send the chosen files, poll the job, show the result. No library, no network
// beyond this server.
"use strict";

(function () {
  const body = document.body;
  const lang = body.dataset.lang;
  const texts = document.getElementById("texts").dataset;
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const form = document.getElementById("form");
  const drop = document.getElementById("drop");
  const chosenText = document.getElementById("chosen");
  const errorBox = document.getElementById("form-error");
  const progress = document.getElementById("progress");
  const bar = document.getElementById("bar");
  const progressText = document.getElementById("progress-text");
  const result = document.getElementById("result");
  let dropped = []; // [File, relative path] from drag and drop

  function chosen() {
    const list = [];
    for (const input of form.querySelectorAll('input[type="file"]')) {
      for (const f of input.files) list.push([f, f.webkitRelativePath || f.name]);
    }
    return list.concat(dropped);
  }

  function showChosen() {
    const n = chosen().length;
    chosenText.textContent = n ? texts.chosen.replace("{count}", n) : texts.none;
  }

  function fail(text) {
    errorBox.textContent = text;
    errorBox.hidden = false;
    progress.hidden = true;
  }

  // Folders dropped: walk their entries so every file keeps its folder path.
  function walk(entry, prefix) {
    return new Promise((resolve) => {
      if (entry.isFile) {
        entry.file((f) => resolve([[f, prefix + f.name]]), () => resolve([]));
      } else if (entry.isDirectory) {
        const reader = entry.createReader();
        const all = [];
        const next = () => reader.readEntries(async (batch) => {
          if (!batch.length) {
            const nested = await Promise.all(all.map((e) => walk(e, prefix + entry.name + "/")));
            resolve(nested.flat());
          } else {
            all.push(...batch);
            next();
          }
        }, () => resolve([]));
        next();
      } else {
        resolve([]);
      }
    });
  }

  drop.addEventListener("dragover", (ev) => { ev.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", async (ev) => {
    ev.preventDefault();
    drop.classList.remove("over");
    const entries = [...ev.dataTransfer.items].map((i) => i.webkitGetAsEntry && i.webkitGetAsEntry());
    if (entries.every((e) => e)) {
      dropped = dropped.concat((await Promise.all(entries.map((e) => walk(e, "")))).flat());
    } else {
      dropped = dropped.concat([...ev.dataTransfer.files].map((f) => [f, f.name]));
    }
    showChosen();
  });
  form.addEventListener("change", showChosen);

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    errorBox.hidden = true;
    const files = chosen();
    const data = new FormData();
    for (const name of ["csrf", "plan", "units", "as_of", "lang", "issuer", "recipient", "number", "place", "year", "signer"]) {
      if (form.elements[name]) data.append(name, form.elements[name].value);
    }
    if (form.elements.include_members.checked) data.append("include_members", "1");
    for (const [file, path] of files) {
      data.append("files", file, path);
      data.append("mtime", String(file.lastModified || ""));
    }
    window.ctgStarted = performance.now();
    progress.hidden = false;
    bar.removeAttribute("value");
    progressText.textContent = texts.reading.replace("{done}", 0).replace("{total}", files.length);
    result.innerHTML = "";
    let answer;
    try {
      const response = await fetch("/jobs?lang=" + lang, {
        method: "POST", body: data, credentials: "same-origin",
        headers: {"X-CSRF-Token": csrf, "X-Requested-With": "fetch"},
      });
      answer = await response.json();
    } catch (e) {
      return fail(texts.failed);
    }
    if (answer.error) return fail(answer.message);
    history.replaceState(null, "", "/?lang=" + lang + "&job=" + answer.job);
    body.dataset.job = answer.job;
    for (const other of document.querySelectorAll("nav.langs a")) {
      other.href = other.href.split("&job=")[0] + "&job=" + answer.job;
    }
    poll(answer.job);
  });

  async function poll(job) {
    while (true) {
      let state;
      try {
        const response = await fetch("/jobs/" + job + "?lang=" + lang, {credentials: "same-origin"});
        state = await response.json();
      } catch (e) {
        return fail(texts.failed);
      }
      if (state.error) break;
      if (state.total) {
        bar.max = state.total;
        bar.value = state.done;
      }
      progressText.textContent = (state.done < state.total || !state.total ? texts.reading : texts.checking)
        .replace("{done}", state.done).replace("{total}", state.total);
      if (state.state !== "reading") break;
      await new Promise((r) => setTimeout(r, 250));
    }
    await show(job);
  }

  async function show(job) {
    const response = await fetch("/jobs/" + job + "/result?lang=" + lang, {credentials: "same-origin"});
    result.innerHTML = await response.text();
    progress.hidden = true;
    const verdict = document.getElementById("verdict");
    if (verdict) verdict.scrollIntoView({block: "start"});
    const discard = document.getElementById("discard");
    if (discard) discard.addEventListener("click", async () => {
      const data = new FormData();
      data.append("csrf", csrf);
      await fetch("/jobs/" + job + "/discard", {method: "POST", body: data, credentials: "same-origin"});
      window.location = "/?lang=" + lang;
    });
    window.ctgShown = performance.now();
  }

  const link = document.getElementById("template-link");
  form.elements.plan.addEventListener("change", () => { link.href = "/template?plan=" + form.elements.plan.value; });
  if (body.dataset.job) poll(body.dataset.job);
})();
