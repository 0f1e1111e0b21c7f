// Loaded first by the strict-CSP test page (a classic script from 'self', since inline ones
// are blocked): records every Content-Security-Policy violation the page reports.
window.cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
