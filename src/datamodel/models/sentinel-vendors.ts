import type { CategoryModel } from '../types.js';

/**
 * Sentinel solutions' parser functions whose rows are events of one of Sigma's generic log sources (web-server
 * access logs, proxy logs, DNS queries), read as that log source: a Sentinel rule of such a parser then becomes
 * a plain Sigma rule of the category, which every model with an entry for it writes. Each parser's columns are
 * named as its KQL body builds them (Azure-Sentinel's solution parsers, 2022): only a column whose content is
 * that of a Sigma field is mapped; a rule testing any other column stays the parser's own `product: sentinel`
 * log source (see sentinel-tables). These entries come after every other entry of their log source, so Sigma
 * rules are still written for the tables they were written for (a parser only where no earlier entry names every
 * field a rule reads, which none of SigmaHQ's does).
 */

/**
 * The columns Microsoft's NGINX, Apache HTTP Server, Tomcat and Oracle WebLogic parsers split an access-log line
 * (common/combined log format) into, by Sigma's W3C names: UrlOriginal is the request line's target, path and
 * query together (W3C's cs-uri); SrcUserName the authenticated user (`-` when none, as W3C writes it).
 */
const ACCESS_LOG_FIELDS: Record<string, string> = {
  'cs-uri': 'UrlOriginal',
  'cs-method': 'HttpRequestMethod',
  'sc-status': 'HttpStatusCode',
  'cs-user-agent': 'HttpUserAgentOriginal',
  'cs-referer': 'HttpReferrerOriginal',
  'cs-version': 'HttpVersion',
  'cs-username': 'SrcUserName',
  'c-ip': 'SrcIpAddr',
};

/**
 * A web server's parser that unions its access log (EventType AccessLog) with its error or server log: the
 * access rows are Sigma's web-server events. The parsers' access-log regex only takes GET and POST requests.
 */
const accessLog = (parser: string, server: string, others: string): CategoryModel => ({
  logsource: { category: 'webserver' },
  source: { table: parser, where: [{ field: 'EventType', values: ['AccessLog'], cased: true }] },
  caveat: {
    // A webserver rule written through the parser loses other methods' requests; its query read as one gains them.
    fidelity: 'narrower',
    read: 'broader',
    message: `${parser} makes access-log rows of the GET and POST lines of the ${server} access log only (its ${others} rows are other events): as a webserver rule, the query also reads requests of other methods`,
  },
  fields: ACCESS_LOG_FIELDS,
  // The parsers keep the status as it was split out of the line (Oracle's as a number).
  types: { HttpStatusCode: parser === 'OracleWebLogicServerEvent' ? 'number' : 'string' },
});

export const SENTINEL_VENDOR_CATEGORIES: CategoryModel[] = [
  accessLog('NGINXHTTPServer', 'NGINX', 'ErrorLog'),
  accessLog('ApacheHTTPServer', 'Apache HTTP Server', 'ErrorLog'),
  accessLog('TomcatEvent', 'Tomcat', 'CatalinaLog'),
  accessLog('OracleWebLogicServerEvent', 'Oracle WebLogic Server', 'ServerLog'),
  {
    // Cisco Umbrella's parser unions its DNS, proxy, IP and cloud-firewall logs; EventType (the log's type as the
    // connector stores it) is "proxylogs" on the proxy log's rows, whose columns are the Secure Web Gateway's.
    logsource: { category: 'proxy' },
    source: { table: 'Cisco_Umbrella', where: [{ field: 'EventType', values: ['proxylogs'], cased: true }] },
    fields: {
      'c-uri': 'UrlOriginal',
      'c-useragent': 'HttpUserAgentOriginal',
      'cs-method': 'HttpRequestMethod',
      'cs-referrer': 'HttpReferrerOriginal',
      'sc-status': 'HttpStatusCode',
      // The client's internal address, and the address of the server it asked for.
      src_ip: 'SrcIpAddr',
      dst_ip: 'DstIpAddr',
    },
    types: { HttpStatusCode: 'string' },
  },
  {
    // The Cisco Web Security Appliance's parser reads its access log (Squid or W3C format) from Syslog: every
    // row is a proxied request.
    logsource: { category: 'proxy' },
    source: { table: 'CiscoWSAEvent', where: [] },
    fields: {
      'c-uri': 'UrlOriginal',
      'cs-method': 'HttpRequestMethod',
      src_ip: 'SrcIpAddr',
      dst_ip: 'DstIpAddr',
    },
  },
  {
    // Google Cloud DNS query logs (GCP_DNS_CL), every row a query and its response, as the GCPCloudDNS parser
    // names them: Query the queried name, ResponseName the answer's data (rdata).
    logsource: { category: 'dns' },
    source: { table: 'GCPCloudDNS', where: [] },
    fields: {
      query: 'Query',
      record_type: 'QueryTypeName',
      answer: 'ResponseName',
      src_ip: 'SrcIpAddr',
    },
    // The parser's alias of Query.
    copies: { Domain: 'query' },
  },
];
