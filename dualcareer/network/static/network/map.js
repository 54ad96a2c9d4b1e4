/* The member map: markers from the JSON endpoint, OpenStreetMap tiles, keyboard usable.
   No inline script or style (the CSP allows 'self' only); the list below the map is the fallback. */
(function () {
  "use strict";
  var element = document.getElementById("member-map");
  if (!element || typeof L === "undefined") { return; }

  function showError() {
    var note = document.createElement("p");
    note.className = "map-error";
    note.setAttribute("role", "status");
    note.textContent = element.dataset.error;
    element.parentNode.insertBefore(note, element.nextSibling);
  }

  // Centre of the Ruhr area; fitted to the markers once they are loaded.
  var map = L.map(element, { keyboard: true, scrollWheelZoom: false }).setView([51.47, 7.22], 9);
  var label = document.createElement("span");
  label.textContent = element.dataset.attribution;  // escaped: Leaflet inserts attribution as HTML
  L.tileLayer(element.dataset.tiles, {
    maxZoom: 18,
    attribution: '<a href="https://www.openstreetmap.org/copyright">' + label.innerHTML + "</a>"
  }).addTo(map);

  fetch(element.dataset.url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    })
    .then(function (data) {
      var bounds = [];
      data.members.forEach(function (member) {
        var marker = L.marker([member.lat, member.lon], {
          title: member.name,
          alt: member.name,
          keyboard: true
        });
        var popup = document.createElement("div");
        var heading = document.createElement("strong");
        heading.textContent = member.name;
        var meta = document.createElement("p");
        meta.textContent = member.sector + " · " + member.city;
        var link = document.createElement("a");
        link.href = member.url;
        link.textContent = element.dataset.detailLabel + ": " + member.name;
        popup.appendChild(heading);
        popup.appendChild(meta);
        popup.appendChild(link);
        marker.bindPopup(popup);
        marker.addTo(map);
        bounds.push([member.lat, member.lon]);
      });
      element.dataset.markers = String(data.members.length);
      if (bounds.length > 1) {
        map.fitBounds(bounds, { padding: [30, 30], maxZoom: 12 });
      } else if (bounds.length === 1) {
        map.setView(bounds[0], 12);
      }
    })
    .catch(showError);
})();
